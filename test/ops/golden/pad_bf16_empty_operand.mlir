module @pad_bf16_empty_operand {
  func.func public @main(%arg0: tensor<0x2xbf16>) -> (tensor<2x2xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<2.5> : tensor<bf16>} : () -> tensor<bf16>
    %1 = "stablehlo.pad"(%arg0, %0) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 1, 0>, interior_padding = array<i64: 3, 0>} : (tensor<0x2xbf16>, tensor<bf16>) -> tensor<2x2xbf16>
    "func.return"(%1) : (tensor<2x2xbf16>) -> ()
  }
}
