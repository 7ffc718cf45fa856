module @not_u8 {
  func.func public @main(%arg0: tensor<8xui8>) -> (tensor<8xui8>) {
    %0 = "stablehlo.not"(%arg0) : (tensor<8xui8>) -> tensor<8xui8>
    "func.return"(%0) : (tensor<8xui8>) -> ()
  }
}
