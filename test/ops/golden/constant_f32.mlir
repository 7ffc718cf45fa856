module @constant_f32 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xf32>, tensor<3xf32>) {
    %0 = "stablehlo.constant"() {value = dense<[[0x3DCCCCCD, -0.0], [0x7FC00000, 0x00000001]]> : tensor<2x2xf32>} : () -> tensor<2x2xf32>
    %1 = "stablehlo.constant"() {value = dense<1.0> : tensor<3xf32>} : () -> tensor<3xf32>
    "func.return"(%0, %1) : (tensor<2x2xf32>, tensor<3xf32>) -> ()
  }
}
