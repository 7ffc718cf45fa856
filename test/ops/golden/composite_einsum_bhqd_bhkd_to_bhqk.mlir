module @composite_einsum_bhqd_bhkd_to_bhqk {
  func.func public @main(%arg0: tensor<2x2x3x4xf64>, %arg1: tensor<2x2x5x4xf64>) -> (tensor<2x2x3x5xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0, 1], rhs_batching_dimensions = [0, 1], lhs_contracting_dimensions = [3], rhs_contracting_dimensions = [3]>} : (tensor<2x2x3x4xf64>, tensor<2x2x5x4xf64>) -> tensor<2x2x3x5xf64>
    "func.return"(%0) : (tensor<2x2x3x5xf64>) -> ()
  }
}
