module @pow_u64 {
  func.func public @main(%arg0: tensor<6xui64>, %arg1: tensor<6xui64>) -> (tensor<6xui64>) {
    %0 = "stablehlo.power"(%arg0, %arg1) : (tensor<6xui64>, tensor<6xui64>) -> tensor<6xui64>
    "func.return"(%0) : (tensor<6xui64>) -> ()
  }
}
