module @constant_bf16 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xbf16>, tensor<3xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<[[0.10009765625, 0x7F62], [0x7FC0, 0x7F80]]> : tensor<2x2xbf16>} : () -> tensor<2x2xbf16>
    %1 = "stablehlo.constant"() {value = dense<1.0> : tensor<3xbf16>} : () -> tensor<3xbf16>
    "func.return"(%0, %1) : (tensor<2x2xbf16>, tensor<3xbf16>) -> ()
  }
}
