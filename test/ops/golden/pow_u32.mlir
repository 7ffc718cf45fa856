module @pow_u32 {
  func.func public @main(%arg0: tensor<6xui32>, %arg1: tensor<6xui32>) -> (tensor<6xui32>) {
    %0 = "stablehlo.power"(%arg0, %arg1) : (tensor<6xui32>, tensor<6xui32>) -> tensor<6xui32>
    "func.return"(%0) : (tensor<6xui32>) -> ()
  }
}
