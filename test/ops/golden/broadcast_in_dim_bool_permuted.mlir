module @broadcast_in_dim_bool_permuted {
  func.func public @main(%arg0: tensor<2x3xi1>) -> (tensor<3x4x2xi1>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 2, 0>} : (tensor<2x3xi1>) -> tensor<3x4x2xi1>
    "func.return"(%0) : (tensor<3x4x2xi1>) -> ()
  }
}
