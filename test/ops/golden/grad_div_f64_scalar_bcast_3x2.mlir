module @grad_div_f64_scalar_bcast_3x2 {
  func.func public @main(%arg0: tensor<f64>, %arg1: tensor<3x2xf64>) -> (tensor<3x2xf64>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x2xf64>
    %1 = "stablehlo.divide"(%0, %arg1) : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
    "func.return"(%1) : (tensor<3x2xf64>) -> ()
  }
}
