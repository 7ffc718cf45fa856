module @mul_bf16_js_number {
  func.func public @main(%arg0: tensor<4xbf16>) -> (tensor<4xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<0.5> : tensor<bf16>} : () -> tensor<bf16>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<bf16>) -> tensor<4xbf16>
    %2 = "stablehlo.multiply"(%arg0, %1) : (tensor<4xbf16>, tensor<4xbf16>) -> tensor<4xbf16>
    "func.return"(%2) : (tensor<4xbf16>) -> ()
  }
}
