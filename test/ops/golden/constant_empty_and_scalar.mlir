module @constant_empty_and_scalar {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<0x2xf32>, tensor<f32>, tensor<f32>) {
    %0 = "stablehlo.constant"() {value = dense<> : tensor<0x2xf32>} : () -> tensor<0x2xf32>
    %1 = "stablehlo.constant"() {value = dense<-0.0> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.constant"() {value = dense<0x000116C2> : tensor<f32>} : () -> tensor<f32>
    "func.return"(%0, %1, %2) : (tensor<0x2xf32>, tensor<f32>, tensor<f32>) -> ()
  }
}
