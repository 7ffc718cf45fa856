module @composite_einsum_ij_kj {
  func.func public @main(%arg0: tensor<2x3xf64>, %arg1: tensor<4x3xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]>} : (tensor<2x3xf64>, tensor<4x3xf64>) -> tensor<2x4xf64>
    "func.return"(%0) : (tensor<2x4xf64>) -> ()
  }
}
