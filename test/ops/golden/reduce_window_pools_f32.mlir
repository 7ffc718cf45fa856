module @reduce_window_pools_f32 {
  func.func public @main(%arg0: tensor<2x5x6x3xf32>) -> (tensor<2x2x3x3xf32>, tensor<2x3x6x3xf32>, tensor<2x4x4x3xf32>, tensor<2x5x6x3xf32>, tensor<2x4x11x3xf32>) {
    %0 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.reduce_window"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f32>, %rhs1: tensor<f32>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc2) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 2, 2, 1>, window_strides = array<i64: 1, 2, 2, 1>, base_dilations = array<i64: 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, padding = dense<[[0, 0], [0, 0], [0, 0], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x2x3x3xf32>
    %2 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %3 = "stablehlo.reduce_window"(%arg0, %2) ({
    ^bb0(%lhs3: tensor<f32>, %rhs4: tensor<f32>):
      %acc5 = "stablehlo.maximum"(%lhs3, %rhs4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc5) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 3, 3, 1>, window_strides = array<i64: 1, 2, 1, 1>, base_dilations = array<i64: 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, padding = dense<[[0, 0], [1, 1], [1, 1], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x3x6x3xf32>
    %4 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.reduce_window"(%arg0, %4) ({
    ^bb0(%lhs6: tensor<f32>, %rhs7: tensor<f32>):
      %acc8 = "stablehlo.add"(%lhs6, %rhs7) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc8) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 2, 3, 1>, window_strides = array<i64: 1, 1, 1, 1>, base_dilations = array<i64: 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, padding = dense<[[0, 0], [0, 0], [0, 0], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x4x4x3xf32>
    %6 = "stablehlo.constant"() {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
    %7 = "stablehlo.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x4x4x3xf32>
    %8 = "stablehlo.divide"(%5, %7) : (tensor<2x4x4x3xf32>, tensor<2x4x4x3xf32>) -> tensor<2x4x4x3xf32>
    %9 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %10 = "stablehlo.reduce_window"(%arg0, %9) ({
    ^bb0(%lhs9: tensor<f32>, %rhs10: tensor<f32>):
      %acc11 = "stablehlo.add"(%lhs9, %rhs10) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc11) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 3, 3, 1>, window_strides = array<i64: 1, 1, 1, 1>, base_dilations = array<i64: 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, padding = dense<[[0, 0], [1, 1], [1, 1], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x5x6x3xf32>
    %11 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %12 = "stablehlo.broadcast_in_dim"(%11) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x5x6x3xf32>
    %13 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %14 = "stablehlo.reduce_window"(%12, %13) ({
    ^bb0(%lhs12: tensor<f32>, %rhs13: tensor<f32>):
      %acc14 = "stablehlo.add"(%lhs12, %rhs13) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc14) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 3, 3, 1>, window_strides = array<i64: 1, 1, 1, 1>, base_dilations = array<i64: 1, 1, 1, 1>, window_dilations = array<i64: 1, 1, 1, 1>, padding = dense<[[0, 0], [1, 1], [1, 1], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x5x6x3xf32>
    %15 = "stablehlo.divide"(%10, %14) : (tensor<2x5x6x3xf32>, tensor<2x5x6x3xf32>) -> tensor<2x5x6x3xf32>
    %16 = "stablehlo.constant"() {value = dense<0x7F800000> : tensor<f32>} : () -> tensor<f32>
    %17 = "stablehlo.reduce_window"(%arg0, %16) ({
    ^bb0(%lhs15: tensor<f32>, %rhs16: tensor<f32>):
      %acc17 = "stablehlo.minimum"(%lhs15, %rhs16) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc17) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 2, 2, 1>, window_strides = array<i64: 1, 1, 1, 1>, base_dilations = array<i64: 1, 1, 2, 1>, window_dilations = array<i64: 1, 2, 1, 1>, padding = dense<[[0, 0], [1, 0], [0, 1], [0, 0]]> : tensor<4x2xi64>} : (tensor<2x5x6x3xf32>, tensor<f32>) -> tensor<2x4x11x3xf32>
    "func.return"(%1, %3, %8, %15, %17) : (tensor<2x2x3x3xf32>, tensor<2x3x6x3xf32>, tensor<2x4x4x3xf32>, tensor<2x5x6x3xf32>, tensor<2x4x11x3xf32>) -> ()
  }
}
