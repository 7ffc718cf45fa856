module @grad_convert_f32_f64 {
  func.func public @main(%arg0: tensor<2x2xf64>) -> (tensor<2x2xf64>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<2x2xf64>) -> tensor<2x2xf32>
    %1 = "stablehlo.constant"() {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2x2xf32>
    %3 = "stablehlo.multiply"(%0, %2) : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    %4 = "stablehlo.convert"(%3) : (tensor<2x2xf32>) -> tensor<2x2xf64>
    "func.return"(%4) : (tensor<2x2xf64>) -> ()
  }
}
