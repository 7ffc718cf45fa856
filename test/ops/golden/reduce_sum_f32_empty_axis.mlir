module @reduce_sum_f32_empty_axis {
  func.func public @main(%arg0: tensor<0x3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<0xf32>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f32>, %rhs1: tensor<f32>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc2) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<0x3xf32>, tensor<f32>) -> tensor<3xf32>
    %2 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %3 = "stablehlo.reduce"(%arg0, %2) ({
    ^bb0(%lhs3: tensor<f32>, %rhs4: tensor<f32>):
      %acc5 = "stablehlo.maximum"(%lhs3, %rhs4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc5) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<0x3xf32>, tensor<f32>) -> tensor<3xf32>
    %4 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce"(%arg0, %4) ({
    ^bb0(%lhs6: tensor<f32>, %rhs7: tensor<f32>):
      %acc8 = "stablehlo.multiply"(%lhs6, %rhs7) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc8) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<0x3xf32>, tensor<f32>) -> tensor<3xf32>
    %6 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %7 = "stablehlo.reduce"(%arg0, %6) ({
    ^bb0(%lhs9: tensor<f32>, %rhs10: tensor<f32>):
      %acc11 = "stablehlo.add"(%lhs9, %rhs10) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc11) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<0x3xf32>, tensor<f32>) -> tensor<0xf32>
    "func.return"(%1, %3, %5, %7) : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<0xf32>) -> ()
  }
}
