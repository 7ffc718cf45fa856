module @cbrt_bf16 {
  func.func public @main(%arg0: tensor<12xbf16>) -> (tensor<12xbf16>) {
    %0 = "stablehlo.cbrt"(%arg0) : (tensor<12xbf16>) -> tensor<12xbf16>
    "func.return"(%0) : (tensor<12xbf16>) -> ()
  }
}
