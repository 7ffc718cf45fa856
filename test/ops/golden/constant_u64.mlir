module @constant_u64 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xui64>, tensor<3xui64>) {
    %0 = "stablehlo.constant"() {value = dense<[[0, 18446744073709551615], [1, 9223372036854775808]]> : tensor<2x2xui64>} : () -> tensor<2x2xui64>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xui64>} : () -> tensor<3xui64>
    "func.return"(%0, %1) : (tensor<2x2xui64>, tensor<3xui64>) -> ()
  }
}
