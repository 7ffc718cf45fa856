module @composite_stack_split_expand_squeeze {
  func.func public @main(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x2x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>, tensor<1x2x2xf64>, tensor<2x1xf64>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<2x3xf64>) -> tensor<2x1x3xf64>
    %1 = "stablehlo.reshape"(%arg1) : (tensor<2x3xf64>) -> tensor<2x1x3xf64>
    %2 = "stablehlo.concatenate"(%0, %1) {dimension = 1 : i64} : (tensor<2x1x3xf64>, tensor<2x1x3xf64>) -> tensor<2x2x3xf64>
    %3 = "stablehlo.slice"(%2) {start_indices = array<i64: 0, 0, 0>, limit_indices = array<i64: 2, 1, 3>, strides = array<i64: 1, 1, 1>} : (tensor<2x2x3xf64>) -> tensor<2x1x3xf64>
    %4 = "stablehlo.slice"(%2) {start_indices = array<i64: 0, 1, 0>, limit_indices = array<i64: 2, 2, 3>, strides = array<i64: 1, 1, 1>} : (tensor<2x2x3xf64>) -> tensor<2x1x3xf64>
    %5 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 1>, strides = array<i64: 1, 1>} : (tensor<2x3xf64>) -> tensor<2x1xf64>
    %6 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0, 1>, limit_indices = array<i64: 2, 3>, strides = array<i64: 1, 1>} : (tensor<2x3xf64>) -> tensor<2x2xf64>
    %7 = "stablehlo.reshape"(%3) : (tensor<2x1x3xf64>) -> tensor<2x3xf64>
    %8 = "stablehlo.reshape"(%4) : (tensor<2x1x3xf64>) -> tensor<2x3xf64>
    %9 = "stablehlo.constant"() {value = dense<2.0> : tensor<f64>} : () -> tensor<f64>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x3xf64>
    %11 = "stablehlo.multiply"(%8, %10) : (tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
    %12 = "stablehlo.reshape"(%6) : (tensor<2x2xf64>) -> tensor<1x2x2xf64>
    "func.return"(%2, %7, %11, %12, %5) : (tensor<2x2x3xf64>, tensor<2x3xf64>, tensor<2x3xf64>, tensor<1x2x2xf64>, tensor<2x1xf64>) -> ()
  }
}
