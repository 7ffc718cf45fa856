module @grad_dot_general_batch_layouts {
  func.func public @main(%arg0: tensor<3x2x4xf64>, %arg1: tensor<4x2x5xf64>) -> (tensor<2x3x5xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [1], rhs_batching_dimensions = [1], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<3x2x4xf64>, tensor<4x2x5xf64>) -> tensor<2x3x5xf64>
    "func.return"(%0) : (tensor<2x3x5xf64>) -> ()
  }
}
