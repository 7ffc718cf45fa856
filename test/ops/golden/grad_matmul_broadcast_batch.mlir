module @grad_matmul_broadcast_batch {
  func.func public @main(%arg0: tensor<2x1x3x4xf64>, %arg1: tensor<3x4x2xf64>) -> (tensor<2x3x3x2xf64>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1, 2, 3>} : (tensor<2x1x3x4xf64>) -> tensor<2x3x3x4xf64>
    %1 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1, 2, 3>} : (tensor<3x4x2xf64>) -> tensor<2x3x4x2xf64>
    %2 = "stablehlo.dot_general"(%0, %1) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [2]>} : (tensor<2x3x3x4xf64>, tensor<2x3x4x2xf64>) -> tensor<2x3x3x2xf64>
    "func.return"(%2) : (tensor<2x3x3x2xf64>) -> ()
  }
}
