module @add_f32_size1_dims {
  func.func public @main(%arg0: tensor<1xf32>, %arg1: tensor<4x1xf32>) -> (tensor<4x1xf32>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1>} : (tensor<1xf32>) -> tensor<4x1xf32>
    %1 = "stablehlo.add"(%0, %arg1) : (tensor<4x1xf32>, tensor<4x1xf32>) -> tensor<4x1xf32>
    "func.return"(%1) : (tensor<4x1xf32>) -> ()
  }
}
