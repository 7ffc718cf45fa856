module @pow_bf16 {
  func.func public @main(%arg0: tensor<12xbf16>, %arg1: tensor<12xbf16>) -> (tensor<12xbf16>) {
    %0 = "stablehlo.power"(%arg0, %arg1) : (tensor<12xbf16>, tensor<12xbf16>) -> tensor<12xbf16>
    "func.return"(%0) : (tensor<12xbf16>) -> ()
  }
}
