module @convert_u8_to_f16 {
  func.func public @main(%arg0: tensor<3xui8>) -> (tensor<3xf16>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<3xui8>) -> tensor<3xf16>
    "func.return"(%0) : (tensor<3xf16>) -> ()
  }
}
