module @min_u64 {
  func.func public @main(%arg0: tensor<8xui64>, %arg1: tensor<8xui64>) -> (tensor<8xui64>) {
    %0 = "stablehlo.minimum"(%arg0, %arg1) : (tensor<8xui64>, tensor<8xui64>) -> tensor<8xui64>
    "func.return"(%0) : (tensor<8xui64>) -> ()
  }
}
