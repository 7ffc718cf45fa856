module @constant_i64 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xi64>, tensor<3xi64>) {
    %0 = "stablehlo.constant"() {value = dense<[[-9223372036854775808, 9223372036854775807], [0, -1]]> : tensor<2x2xi64>} : () -> tensor<2x2xi64>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xi64>} : () -> tensor<3xi64>
    "func.return"(%0, %1) : (tensor<2x2xi64>, tensor<3xi64>) -> ()
  }
}
