module @dynamic_slice_i64_constant_starts {
  func.func public @main(%arg0: tensor<2x3xi64>) -> (tensor<1x2xi64>) {
    %0 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
    %1 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
    %2 = "stablehlo.dynamic_slice"(%arg0, %0, %1) {slice_sizes = array<i64: 1, 2>} : (tensor<2x3xi64>, tensor<i32>, tensor<i32>) -> tensor<1x2xi64>
    "func.return"(%2) : (tensor<1x2xi64>) -> ()
  }
}
