module @cbrt_f64 {
  func.func public @main(%arg0: tensor<12xf64>) -> (tensor<12xf64>) {
    %0 = "stablehlo.cbrt"(%arg0) : (tensor<12xf64>) -> tensor<12xf64>
    "func.return"(%0) : (tensor<12xf64>) -> ()
  }
}
