module @dot_general_bf16 {
  func.func public @main(%arg0: tensor<2x3xbf16>, %arg1: tensor<3x2xbf16>) -> (tensor<2x2xbf16>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x3xbf16>, tensor<3x2xbf16>) -> tensor<2x2xbf16>
    "func.return"(%0) : (tensor<2x2xbf16>) -> ()
  }
}
