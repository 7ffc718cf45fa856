module @grad_reduce_prod_with_zero {
  func.func public @main(%arg0: tensor<2x3xf64>) -> (tensor<2xf64>) {
    %0 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.multiply"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xf64>, tensor<f64>) -> tensor<2xf64>
    "func.return"(%1) : (tensor<2xf64>) -> ()
  }
}
