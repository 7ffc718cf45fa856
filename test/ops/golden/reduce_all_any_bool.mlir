module @reduce_all_any_bool {
  func.func public @main(%arg0: tensor<2x3xi1>, %arg1: tensor<2x0xi1>) -> (tensor<2xi1>, tensor<3xi1>, tensor<i1>, tensor<2xi1>, tensor<2x1xi1>) {
    %0 = "stablehlo.constant"() {value = dense<true> : tensor<i1>} : () -> tensor<i1>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<i1>, %rhs1: tensor<i1>):
      %acc2 = "stablehlo.and"(%lhs0, %rhs1) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%acc2) : (tensor<i1>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xi1>, tensor<i1>) -> tensor<2xi1>
    %2 = "stablehlo.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
    %3 = "stablehlo.reduce"(%arg0, %2) ({
    ^bb0(%lhs3: tensor<i1>, %rhs4: tensor<i1>):
      %acc5 = "stablehlo.or"(%lhs3, %rhs4) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%acc5) : (tensor<i1>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2x3xi1>, tensor<i1>) -> tensor<3xi1>
    %4 = "stablehlo.constant"() {value = dense<true> : tensor<i1>} : () -> tensor<i1>
    %5 = "stablehlo.reduce"(%arg0, %4) ({
    ^bb0(%lhs6: tensor<i1>, %rhs7: tensor<i1>):
      %acc8 = "stablehlo.and"(%lhs6, %rhs7) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%acc8) : (tensor<i1>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<2x3xi1>, tensor<i1>) -> tensor<i1>
    %6 = "stablehlo.constant"() {value = dense<true> : tensor<i1>} : () -> tensor<i1>
    %7 = "stablehlo.reduce"(%arg1, %6) ({
    ^bb0(%lhs9: tensor<i1>, %rhs10: tensor<i1>):
      %acc11 = "stablehlo.and"(%lhs9, %rhs10) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%acc11) : (tensor<i1>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x0xi1>, tensor<i1>) -> tensor<2xi1>
    %8 = "stablehlo.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
    %9 = "stablehlo.reduce"(%arg1, %8) ({
    ^bb0(%lhs12: tensor<i1>, %rhs13: tensor<i1>):
      %acc14 = "stablehlo.or"(%lhs12, %rhs13) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%acc14) : (tensor<i1>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x0xi1>, tensor<i1>) -> tensor<2xi1>
    %10 = "stablehlo.reshape"(%9) : (tensor<2xi1>) -> tensor<2x1xi1>
    "func.return"(%1, %3, %5, %7, %10) : (tensor<2xi1>, tensor<3xi1>, tensor<i1>, tensor<2xi1>, tensor<2x1xi1>) -> ()
  }
}
