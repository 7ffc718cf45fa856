module @grad_expm1_f64_scalar {
  func.func public @main(%arg0: tensor<f64>) -> (tensor<f64>) {
    %0 = "stablehlo.exponential_minus_one"(%arg0) : (tensor<f64>) -> tensor<f64>
    "func.return"(%0) : (tensor<f64>) -> ()
  }
}
