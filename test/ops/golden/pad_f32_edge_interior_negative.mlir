module @pad_f32_edge_interior_negative {
  func.func public @main(%arg0: tensor<3x4xf32>) -> (tensor<8x9xf32>, tensor<3x4xf32>, tensor<0x0xf32>) {
    %0 = "stablehlo.constant"() {value = dense<-1.0> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.pad"(%arg0, %0) {edge_padding_low = array<i64: 1, -1>, edge_padding_high = array<i64: 2, 0>, interior_padding = array<i64: 1, 2>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<8x9xf32>
    %2 = "stablehlo.constant"() {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
    %3 = "stablehlo.pad"(%arg0, %2) {edge_padding_low = array<i64: 0, 0>, edge_padding_high = array<i64: 0, 0>, interior_padding = array<i64: 0, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<3x4xf32>
    %4 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.pad"(%arg0, %4) {edge_padding_low = array<i64: -1, -2>, edge_padding_high = array<i64: -2, -2>, interior_padding = array<i64: 0, 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<0x0xf32>
    "func.return"(%1, %3, %5) : (tensor<8x9xf32>, tensor<3x4xf32>, tensor<0x0xf32>) -> ()
  }
}
