module @conv_nhwc_same_stride2_f32 {
  func.func public @main(%arg0: tensor<2x5x6x3xf32>, %arg1: tensor<3x3x3x4xf32>) -> (tensor<2x3x3x4xf32>) {
    %0 = "stablehlo.convolution"(%arg0, %arg1) {dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, window_strides = array<i64: 2, 2>, padding = dense<[[1, 1], [0, 1]]> : tensor<2x2xi64>, lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 1, 1>, feature_group_count = 1 : i64, batch_group_count = 1 : i64} : (tensor<2x5x6x3xf32>, tensor<3x3x3x4xf32>) -> tensor<2x3x3x4xf32>
    "func.return"(%0) : (tensor<2x3x3x4xf32>) -> ()
  }
}
