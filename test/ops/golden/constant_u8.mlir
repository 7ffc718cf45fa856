module @constant_u8 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xui8>, tensor<3xui8>) {
    %0 = "stablehlo.constant"() {value = dense<[[0, 255], [1, 128]]> : tensor<2x2xui8>} : () -> tensor<2x2xui8>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xui8>} : () -> tensor<3xui8>
    "func.return"(%0, %1) : (tensor<2x2xui8>, tensor<3xui8>) -> ()
  }
}
