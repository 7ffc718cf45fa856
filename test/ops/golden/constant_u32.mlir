module @constant_u32 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xui32>, tensor<3xui32>) {
    %0 = "stablehlo.constant"() {value = dense<[[0, 4294967295], [1, 2147483648]]> : tensor<2x2xui32>} : () -> tensor<2x2xui32>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xui32>} : () -> tensor<3xui32>
    "func.return"(%0, %1) : (tensor<2x2xui32>, tensor<3xui32>) -> ()
  }
}
