module @add_u8_js_number_wraps {
  func.func public @main(%arg0: tensor<4xui8>) -> (tensor<4xui8>) {
    %0 = "stablehlo.constant"() {value = dense<1> : tensor<ui8>} : () -> tensor<ui8>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<ui8>) -> tensor<4xui8>
    %2 = "stablehlo.add"(%arg0, %1) : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    "func.return"(%2) : (tensor<4xui8>) -> ()
  }
}
