module @reduce_sum_half_precision {
  func.func public @main(%arg0: tensor<2x4xf16>, %arg1: tensor<2x4xbf16>) -> (tensor<2xf16>, tensor<4xbf16>, tensor<2xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f16>} : () -> tensor<f16>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f16>, %rhs1: tensor<f16>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%acc2) : (tensor<f16>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x4xf16>, tensor<f16>) -> tensor<2xf16>
    %2 = "stablehlo.constant"() {value = dense<0.0> : tensor<bf16>} : () -> tensor<bf16>
    %3 = "stablehlo.reduce"(%arg1, %2) ({
    ^bb0(%lhs3: tensor<bf16>, %rhs4: tensor<bf16>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<bf16>, tensor<bf16>) -> tensor<bf16>
      "stablehlo.return"(%acc5) : (tensor<bf16>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2x4xbf16>, tensor<bf16>) -> tensor<4xbf16>
    %4 = "stablehlo.constant"() {value = dense<0xFF80> : tensor<bf16>} : () -> tensor<bf16>
    %5 = "stablehlo.reduce"(%arg1, %4) ({
    ^bb0(%lhs6: tensor<bf16>, %rhs7: tensor<bf16>):
      %acc8 = "stablehlo.maximum"(%lhs6, %rhs7) : (tensor<bf16>, tensor<bf16>) -> tensor<bf16>
      "stablehlo.return"(%acc8) : (tensor<bf16>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x4xbf16>, tensor<bf16>) -> tensor<2xbf16>
    "func.return"(%1, %3, %5) : (tensor<2xf16>, tensor<4xbf16>, tensor<2xbf16>) -> ()
  }
}
