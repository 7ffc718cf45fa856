module @add_u32 {
  func.func public @main(%arg0: tensor<8xui32>, %arg1: tensor<8xui32>) -> (tensor<8xui32>) {
    %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<8xui32>, tensor<8xui32>) -> tensor<8xui32>
    "func.return"(%0) : (tensor<8xui32>) -> ()
  }
}
