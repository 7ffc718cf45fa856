module @slice_f32_strided {
  func.func public @main(%arg0: tensor<4x6xf32>) -> (tensor<2x2xf32>, tensor<4x1xf32>, tensor<0x4xf32>) {
    %0 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 4, 6>, strides = array<i64: 2, 3>} : (tensor<4x6xf32>) -> tensor<2x2xf32>
    %1 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0, 2>, limit_indices = array<i64: 4, 3>, strides = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<4x1xf32>
    %2 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 2, 2>, limit_indices = array<i64: 2, 6>, strides = array<i64: 1, 1>} : (tensor<4x6xf32>) -> tensor<0x4xf32>
    "func.return"(%0, %1, %2) : (tensor<2x2xf32>, tensor<4x1xf32>, tensor<0x4xf32>) -> ()
  }
}
