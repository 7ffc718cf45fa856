module @min_u8 {
  func.func public @main(%arg0: tensor<8xui8>, %arg1: tensor<8xui8>) -> (tensor<8xui8>) {
    %0 = "stablehlo.minimum"(%arg0, %arg1) : (tensor<8xui8>, tensor<8xui8>) -> tensor<8xui8>
    "func.return"(%0) : (tensor<8xui8>) -> ()
  }
}
