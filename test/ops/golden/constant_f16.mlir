module @constant_f16 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xf16>, tensor<3xf16>) {
    %0 = "stablehlo.constant"() {value = dense<[[0.0999755859375, -0.0], [0x7E00, 0xFC00]]> : tensor<2x2xf16>} : () -> tensor<2x2xf16>
    %1 = "stablehlo.constant"() {value = dense<1.0> : tensor<3xf16>} : () -> tensor<3xf16>
    "func.return"(%0, %1) : (tensor<2x2xf16>, tensor<3xf16>) -> ()
  }
}
