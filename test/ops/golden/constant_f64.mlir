module @constant_f64 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xf64>, tensor<3xf64>) {
    %0 = "stablehlo.constant"() {value = dense<[[0.1, 5.0e-324], [0x7FF8000000000000, 0xFFEFFFFFFFFFFFFF]]> : tensor<2x2xf64>} : () -> tensor<2x2xf64>
    %1 = "stablehlo.constant"() {value = dense<1.0> : tensor<3xf64>} : () -> tensor<3xf64>
    "func.return"(%0, %1) : (tensor<2x2xf64>, tensor<3xf64>) -> ()
  }
}
