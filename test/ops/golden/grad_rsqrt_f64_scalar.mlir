module @grad_rsqrt_f64_scalar {
  func.func public @main(%arg0: tensor<f64>) -> (tensor<f64>) {
    %0 = "stablehlo.rsqrt"(%arg0) : (tensor<f64>) -> tensor<f64>
    "func.return"(%0) : (tensor<f64>) -> ()
  }
}
