module @dot_general_f16 {
  func.func public @main(%arg0: tensor<2x3xf16>, %arg1: tensor<3x2xf16>) -> (tensor<2x2xf16>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x3xf16>, tensor<3x2xf16>) -> tensor<2x2xf16>
    "func.return"(%0) : (tensor<2x2xf16>) -> ()
  }
}
