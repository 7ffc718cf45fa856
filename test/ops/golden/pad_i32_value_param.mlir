module @pad_i32_value_param {
  func.func public @main(%arg0: tensor<2x2xi32>, %arg1: tensor<i32>) -> (tensor<4x4xi32>) {
    %0 = "stablehlo.pad"(%arg0, %arg1) {edge_padding_low = array<i64: 0, 1>, edge_padding_high = array<i64: 1, 0>, interior_padding = array<i64: 1, 1>} : (tensor<2x2xi32>, tensor<i32>) -> tensor<4x4xi32>
    "func.return"(%0) : (tensor<4x4xi32>) -> ()
  }
}
