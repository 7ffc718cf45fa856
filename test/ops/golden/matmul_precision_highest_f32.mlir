module @matmul_precision_highest_f32 {
  func.func public @main(%arg0: tensor<1x2xf32>, %arg1: tensor<2x1xf32>) -> (tensor<1x1xf32>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision HIGHEST>, #stablehlo<precision HIGHEST>]} : (tensor<1x2xf32>, tensor<2x1xf32>) -> tensor<1x1xf32>
    "func.return"(%0) : (tensor<1x1xf32>) -> ()
  }
}
