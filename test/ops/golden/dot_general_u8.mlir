module @dot_general_u8 {
  func.func public @main(%arg0: tensor<2x3xui8>, %arg1: tensor<3x2xui8>) -> (tensor<2x2xui8>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<2x3xui8>, tensor<3x2xui8>) -> tensor<2x2xui8>
    "func.return"(%0) : (tensor<2x2xui8>) -> ()
  }
}
