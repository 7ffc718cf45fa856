module @composite_einsum_ijk_to_j {
  func.func public @main(%arg0: tensor<2x3x4xf64>) -> (tensor<3xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf64>, tensor<f64>) -> tensor<3xf64>
    "func.return"(%1) : (tensor<3xf64>) -> ()
  }
}
