module @constant_i32 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2xi32>, tensor<3xi32>) {
    %0 = "stablehlo.constant"() {value = dense<[[-2147483648, 2147483647], [0, -1]]> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<3xi32>} : () -> tensor<3xi32>
    "func.return"(%0, %1) : (tensor<2x2xi32>, tensor<3xi32>) -> ()
  }
}
