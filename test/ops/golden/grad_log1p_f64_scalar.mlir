module @grad_log1p_f64_scalar {
  func.func public @main(%arg0: tensor<f64>) -> (tensor<f64>) {
    %0 = "stablehlo.log_plus_one"(%arg0) : (tensor<f64>) -> tensor<f64>
    "func.return"(%0) : (tensor<f64>) -> ()
  }
}
