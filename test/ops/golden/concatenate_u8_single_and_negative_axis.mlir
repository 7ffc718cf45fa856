module @concatenate_u8_single_and_negative_axis {
  func.func public @main(%arg0: tensor<1x2xui8>, %arg1: tensor<1x2xui8>) -> (tensor<1x4xui8>, tensor<1x2xui8>) {
    %0 = "stablehlo.concatenate"(%arg0, %arg1) {dimension = 1 : i64} : (tensor<1x2xui8>, tensor<1x2xui8>) -> tensor<1x4xui8>
    %1 = "stablehlo.concatenate"(%arg0) {dimension = 0 : i64} : (tensor<1x2xui8>) -> tensor<1x2xui8>
    "func.return"(%0, %1) : (tensor<1x4xui8>, tensor<1x2xui8>) -> ()
  }
}
