module @dot_general_i32_wraps {
  func.func public @main(%arg0: tensor<1x2xi32>, %arg1: tensor<2x1xi32>) -> (tensor<1x1xi32>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<1x2xi32>, tensor<2x1xi32>) -> tensor<1x1xi32>
    "func.return"(%0) : (tensor<1x1xi32>) -> ()
  }
}
