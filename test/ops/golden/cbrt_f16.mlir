module @cbrt_f16 {
  func.func public @main(%arg0: tensor<12xf16>) -> (tensor<12xf16>) {
    %0 = "stablehlo.cbrt"(%arg0) : (tensor<12xf16>) -> tensor<12xf16>
    "func.return"(%0) : (tensor<12xf16>) -> ()
  }
}
