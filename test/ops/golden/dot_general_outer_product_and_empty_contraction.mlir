module @dot_general_outer_product_and_empty_contraction {
  func.func public @main(%arg0: tensor<3xf32>, %arg1: tensor<2xf32>, %arg2: tensor<2x0xf32>, %arg3: tensor<0x3xf32>) -> (tensor<3x2xf32>, tensor<2x3xf32>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<>} : (tensor<3xf32>, tensor<2xf32>) -> tensor<3x2xf32>
    %1 = "stablehlo.dot_general"(%arg2, %arg3) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x0xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>
    "func.return"(%0, %1) : (tensor<3x2xf32>, tensor<2x3xf32>) -> ()
  }
}
