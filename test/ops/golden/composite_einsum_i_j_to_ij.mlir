module @composite_einsum_i_j_to_ij {
  func.func public @main(%arg0: tensor<3xf64>, %arg1: tensor<2xf64>) -> (tensor<3x2xf64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<>} : (tensor<3xf64>, tensor<2xf64>) -> tensor<3x2xf64>
    "func.return"(%0) : (tensor<3x2xf64>) -> ()
  }
}
