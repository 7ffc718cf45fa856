module @grad_pad_edge_interior_negative_value {
  func.func public @main(%arg0: tensor<3x4xf64>, %arg1: tensor<f64>) -> (tensor<5x11xf64>) {
    %0 = "stablehlo.pad"(%arg0, %arg1) {edge_padding_low = array<i64: 1, -1>, edge_padding_high = array<i64: -1, 2>, interior_padding = array<i64: 1, 2>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<5x11xf64>
    "func.return"(%0) : (tensor<5x11xf64>) -> ()
  }
}
