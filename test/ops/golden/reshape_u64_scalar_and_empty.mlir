module @reshape_u64_scalar_and_empty {
  func.func public @main(%arg0: tensor<1x1xui64>, %arg1: tensor<0x4xui64>) -> (tensor<ui64>, tensor<2x0x3xui64>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<1x1xui64>) -> tensor<ui64>
    %1 = "stablehlo.reshape"(%arg1) : (tensor<0x4xui64>) -> tensor<2x0x3xui64>
    "func.return"(%0, %1) : (tensor<ui64>, tensor<2x0x3xui64>) -> ()
  }
}
