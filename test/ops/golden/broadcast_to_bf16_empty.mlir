module @broadcast_to_bf16_empty {
  func.func public @main(%arg0: tensor<1x3xbf16>) -> (tensor<2x0x3xbf16>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<1x3xbf16>) -> tensor<2x0x3xbf16>
    "func.return"(%0) : (tensor<2x0x3xbf16>) -> ()
  }
}
