module @composite_einsum_abc_cd_to_dab {
  func.func public @main(%arg0: tensor<2x3x4xf64>, %arg1: tensor<4x2xf64>) -> (tensor<2x2x3xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [0]>} : (tensor<2x3x4xf64>, tensor<4x2xf64>) -> tensor<2x3x2xf64>
    %1 = "stablehlo.transpose"(%0) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x2xf64>) -> tensor<2x2x3xf64>
    "func.return"(%1) : (tensor<2x2x3xf64>) -> ()
  }
}
