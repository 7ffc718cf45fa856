module @dynamic_update_slice_u8_clamped {
  func.func public @main(%arg0: tensor<3x3xui8>, %arg1: tensor<1x2xui8>, %arg2: tensor<i32>, %arg3: tensor<i32>) -> (tensor<3x3xui8>) {
    %0 = "stablehlo.dynamic_update_slice"(%arg0, %arg1, %arg2, %arg3) : (tensor<3x3xui8>, tensor<1x2xui8>, tensor<i32>, tensor<i32>) -> tensor<3x3xui8>
    "func.return"(%0) : (tensor<3x3xui8>) -> ()
  }
}
