module @reduce_i64_u64_u8 {
  func.func public @main(%arg0: tensor<2x2xi64>, %arg1: tensor<2x2xui64>, %arg2: tensor<2x2xui8>) -> (tensor<2xi64>, tensor<2xui64>, tensor<ui64>, tensor<2xui8>, tensor<2xui8>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<i64>, %rhs1: tensor<i64>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%acc2) : (tensor<i64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x2xi64>, tensor<i64>) -> tensor<2xi64>
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<ui64>} : () -> tensor<ui64>
    %3 = "stablehlo.reduce"(%arg1, %2) ({
    ^bb0(%lhs3: tensor<ui64>, %rhs4: tensor<ui64>):
      %acc5 = "stablehlo.maximum"(%lhs3, %rhs4) : (tensor<ui64>, tensor<ui64>) -> tensor<ui64>
      "stablehlo.return"(%acc5) : (tensor<ui64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x2xui64>, tensor<ui64>) -> tensor<2xui64>
    %4 = "stablehlo.constant"() {value = dense<18446744073709551615> : tensor<ui64>} : () -> tensor<ui64>
    %5 = "stablehlo.reduce"(%arg1, %4) ({
    ^bb0(%lhs6: tensor<ui64>, %rhs7: tensor<ui64>):
      %acc8 = "stablehlo.minimum"(%lhs6, %rhs7) : (tensor<ui64>, tensor<ui64>) -> tensor<ui64>
      "stablehlo.return"(%acc8) : (tensor<ui64>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x2xui64>, tensor<ui64>) -> tensor<ui64>
    %6 = "stablehlo.constant"() {value = dense<0> : tensor<ui8>} : () -> tensor<ui8>
    %7 = "stablehlo.reduce"(%arg2, %6) ({
    ^bb0(%lhs9: tensor<ui8>, %rhs10: tensor<ui8>):
      %acc11 = "stablehlo.add"(%lhs9, %rhs10) : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
      "stablehlo.return"(%acc11) : (tensor<ui8>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2x2xui8>, tensor<ui8>) -> tensor<2xui8>
    %8 = "stablehlo.constant"() {value = dense<255> : tensor<ui8>} : () -> tensor<ui8>
    %9 = "stablehlo.reduce"(%arg2, %8) ({
    ^bb0(%lhs12: tensor<ui8>, %rhs13: tensor<ui8>):
      %acc14 = "stablehlo.minimum"(%lhs12, %rhs13) : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
      "stablehlo.return"(%acc14) : (tensor<ui8>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x2xui8>, tensor<ui8>) -> tensor<2xui8>
    "func.return"(%1, %3, %5, %7, %9) : (tensor<2xi64>, tensor<2xui64>, tensor<ui64>, tensor<2xui8>, tensor<2xui8>) -> ()
  }
}
