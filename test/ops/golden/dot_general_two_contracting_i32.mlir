module @dot_general_two_contracting_i32 {
  func.func public @main(%arg0: tensor<2x3x4xi32>, %arg1: tensor<4x3x2xi32>) -> (tensor<2x2xi32>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1, 2], rhs_contracting_dimensions = [1, 0]>} : (tensor<2x3x4xi32>, tensor<4x3x2xi32>) -> tensor<2x2xi32>
    "func.return"(%0) : (tensor<2x2xi32>) -> ()
  }
}
