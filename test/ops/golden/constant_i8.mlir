module @constant_i8 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xi8>, tensor<3xi8>) {
    %0 = "stablehlo.constant"() {value = dense<[[-128, 127], [0, -1]]> : tensor<2x2xi8>} : () -> tensor<2x2xi8>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xi8>} : () -> tensor<3xi8>
    "func.return"(%0, %1) : (tensor<2x2xi8>, tensor<3xi8>) -> ()
  }
}
