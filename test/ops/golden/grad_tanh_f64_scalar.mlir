module @grad_tanh_f64_scalar {
  func.func public @main(%arg0: tensor<f64>) -> (tensor<f64>) {
    %0 = "stablehlo.tanh"(%arg0) : (tensor<f64>) -> tensor<f64>
    "func.return"(%0) : (tensor<f64>) -> ()
  }
}
