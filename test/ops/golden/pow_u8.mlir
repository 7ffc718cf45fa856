module @pow_u8 {
  func.func public @main(%arg0: tensor<6xui8>, %arg1: tensor<6xui8>) -> (tensor<6xui8>) {
    %0 = "stablehlo.power"(%arg0, %arg1) : (tensor<6xui8>, tensor<6xui8>) -> tensor<6xui8>
    "func.return"(%0) : (tensor<6xui8>) -> ()
  }
}
