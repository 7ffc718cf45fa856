module @broadcast_in_dim_i64_scalar {
  func.func public @main(%arg0: tensor<i64>) -> (tensor<2x2xi64>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64>} : (tensor<i64>) -> tensor<2x2xi64>
    "func.return"(%0) : (tensor<2x2xi64>) -> ()
  }
}
