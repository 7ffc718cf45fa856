module @max_f16 {
  func.func public @main(%arg0: tensor<12xf16>, %arg1: tensor<12xf16>) -> (tensor<12xf16>) {
    %0 = "stablehlo.maximum"(%arg0, %arg1) : (tensor<12xf16>, tensor<12xf16>) -> tensor<12xf16>
    "func.return"(%0) : (tensor<12xf16>) -> ()
  }
}
