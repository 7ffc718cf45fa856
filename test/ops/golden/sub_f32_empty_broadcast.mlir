module @sub_f32_empty_broadcast {
  func.func public @main(%arg0: tensor<0x3xf32>, %arg1: tensor<3xf32>) -> (tensor<0x3xf32>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<0x3xf32>
    %1 = "stablehlo.subtract"(%arg0, %0) : (tensor<0x3xf32>, tensor<0x3xf32>) -> tensor<0x3xf32>
    "func.return"(%1) : (tensor<0x3xf32>) -> ()
  }
}
