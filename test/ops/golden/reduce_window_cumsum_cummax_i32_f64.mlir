module @reduce_window_cumsum_cummax_i32_f64 {
  func.func public @main(%arg0: tensor<3x5xi32>, %arg1: tensor<4x3xf64>) -> (tensor<3x5xi32>, tensor<4x3xf64>, tensor<4x3xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1 = "stablehlo.reduce_window"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<i32>, %rhs1: tensor<i32>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc2) : (tensor<i32>) -> ()
    }) {window_dimensions = array<i64: 1, 5>, window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>, window_dilations = array<i64: 1, 1>, padding = dense<[[0, 0], [4, 0]]> : tensor<2x2xi64>} : (tensor<3x5xi32>, tensor<i32>) -> tensor<3x5xi32>
    %2 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %3 = "stablehlo.reduce_window"(%arg1, %2) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.maximum"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {window_dimensions = array<i64: 4, 1>, window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>, window_dilations = array<i64: 1, 1>, padding = dense<[[3, 0], [0, 0]]> : tensor<2x2xi64>} : (tensor<4x3xf64>, tensor<f64>) -> tensor<4x3xf64>
    %4 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %5 = "stablehlo.reduce_window"(%arg1, %4) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.add"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {window_dimensions = array<i64: 4, 1>, window_strides = array<i64: 1, 1>, base_dilations = array<i64: 1, 1>, window_dilations = array<i64: 1, 1>, padding = dense<[[0, 3], [0, 0]]> : tensor<2x2xi64>} : (tensor<4x3xf64>, tensor<f64>) -> tensor<4x3xf64>
    "func.return"(%1, %3, %5) : (tensor<3x5xi32>, tensor<4x3xf64>, tensor<4x3xf64>) -> ()
  }
}
