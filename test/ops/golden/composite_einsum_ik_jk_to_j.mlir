module @composite_einsum_ik_jk_to_j {
  func.func public @main(%arg0: tensor<2x3xf64>, %arg1: tensor<4x3xf64>) -> (tensor<4xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2x3xf64>, tensor<f64>) -> tensor<3xf64>
    %2 = "stablehlo.dot_general"(%1, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [1]>} : (tensor<3xf64>, tensor<4x3xf64>) -> tensor<4xf64>
    "func.return"(%2) : (tensor<4xf64>) -> ()
  }
}
