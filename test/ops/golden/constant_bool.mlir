module @constant_bool {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xi1>, tensor<3xi1>) {
    %0 = "stablehlo.constant"() {value = dense<[[true, false], [false, true]]> : tensor<2x2xi1>} : () -> tensor<2x2xi1>
    %1 = "stablehlo.constant"() {value = dense<true> : tensor<3xi1>} : () -> tensor<3xi1>
    "func.return"(%0, %1) : (tensor<2x2xi1>, tensor<3xi1>) -> ()
  }
}
