module @dot_general_i64 {
  func.func public @main(%arg0: tensor<2x3xi64>, %arg1: tensor<3x2xi64>) -> (tensor<2x2xi64>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x3xi64>, tensor<3x2xi64>) -> tensor<2x2xi64>
    "func.return"(%0) : (tensor<2x2xi64>) -> ()
  }
}
