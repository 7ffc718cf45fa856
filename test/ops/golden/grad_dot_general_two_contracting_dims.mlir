module @grad_dot_general_two_contracting_dims {
  func.func public @main(%arg0: tensor<2x3x4xf64>, %arg1: tensor<4x5x3xf64>) -> (tensor<2x5xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [2, 1], rhs_contracting_dimensions = [0, 2]>} : (tensor<2x3x4xf64>, tensor<4x5x3xf64>) -> tensor<2x5xf64>
    "func.return"(%0) : (tensor<2x5xf64>) -> ()
  }
}
