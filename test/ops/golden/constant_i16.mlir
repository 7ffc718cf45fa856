module @constant_i16 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xi16>, tensor<3xi16>) {
    %0 = "stablehlo.constant"() {value = dense<[[-32768, 32767], [0, -1]]> : tensor<2x2xi16>} : () -> tensor<2x2xi16>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xi16>} : () -> tensor<3xi16>
    "func.return"(%0, %1) : (tensor<2x2xi16>, tensor<3xi16>) -> ()
  }
}
