module @convert_f32_to_u8 {
  func.func public @main(%arg0: tensor<8xf32>) -> (tensor<8xui8>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<8xf32>) -> tensor<8xui8>
    "func.return"(%0) : (tensor<8xui8>) -> ()
  }
}
