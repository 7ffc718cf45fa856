module @reduce_i32_wraps {
  func.func public @main(%arg0: tensor<3x3xi32>) -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<i32>, %rhs1: tensor<i32>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc2) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x3xi32>, tensor<i32>) -> tensor<3xi32>
    %2 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
    %3 = "stablehlo.reduce"(%arg0, %2) ({
    ^bb0(%lhs3: tensor<i32>, %rhs4: tensor<i32>):
      %acc5 = "stablehlo.multiply"(%lhs3, %rhs4) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc5) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x3xi32>, tensor<i32>) -> tensor<3xi32>
    %4 = "stablehlo.constant"() {value = dense<-2147483648> : tensor<i32>} : () -> tensor<i32>
    %5 = "stablehlo.reduce"(%arg0, %4) ({
    ^bb0(%lhs6: tensor<i32>, %rhs7: tensor<i32>):
      %acc8 = "stablehlo.maximum"(%lhs6, %rhs7) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc8) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x3xi32>, tensor<i32>) -> tensor<3xi32>
    %6 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %7 = "stablehlo.reduce"(%arg0, %6) ({
    ^bb0(%lhs9: tensor<i32>, %rhs10: tensor<i32>):
      %acc11 = "stablehlo.minimum"(%lhs9, %rhs10) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc11) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x3xi32>, tensor<i32>) -> tensor<3xi32>
    "func.return"(%1, %3, %5, %7) : (tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) -> ()
  }
}
