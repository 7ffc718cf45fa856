module @conv_nchw_dilated_groups_f64 {
  func.func public @main(%arg0: tensor<2x4x7x6xf64>, %arg1: tensor<6x2x2x3xf64>) -> (tensor<2x6x6x6xf64>) {
    %0 = "stablehlo.convolution"(%arg0, %arg1) {dimension_numbers = #stablehlo.conv<[b, f, 0, 1]x[o, i, 0, 1]->[b, f, 0, 1]>, window_strides = array<i64: 1, 1>, padding = dense<[[1, 0], [0, 2]]> : tensor<2x2xi64>, lhs_dilation = array<i64: 1, 1>, rhs_dilation = array<i64: 2, 1>, feature_group_count = 2 : i64, batch_group_count = 1 : i64} : (tensor<2x4x7x6xf64>, tensor<6x2x2x3xf64>) -> tensor<2x6x6x6xf64>
    "func.return"(%0) : (tensor<2x6x6x6xf64>) -> ()
  }
}
