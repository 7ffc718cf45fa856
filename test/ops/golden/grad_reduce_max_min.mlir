module @grad_reduce_max_min {
  func.func public @main(%arg0: tensor<3x4xf64>) -> (tensor<3xf64>, tensor<4xf64>, tensor<f64>) {
    %0 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<3xf64>
    %2 = "stablehlo.constant"() {value = dense<0x7FF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %3 = "stablehlo.reduce"(%arg0, %2) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.minimum"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %4 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %5 = "stablehlo.reduce"(%arg0, %4) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.maximum"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<f64>
    "func.return"(%1, %3, %5) : (tensor<3xf64>, tensor<4xf64>, tensor<f64>) -> ()
  }
}
