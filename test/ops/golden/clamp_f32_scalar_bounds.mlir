module @clamp_f32_scalar_bounds {
  func.func public @main(%arg0: tensor<10xf32>) -> (tensor<10xf32>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.constant"() {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<10xf32>
    %3 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<10xf32>
    %4 = "stablehlo.clamp"(%2, %arg0, %3) : (tensor<10xf32>, tensor<10xf32>, tensor<10xf32>) -> tensor<10xf32>
    "func.return"(%4) : (tensor<10xf32>) -> ()
  }
}
