module @clamp_u8 {
  func.func public @main(%arg0: tensor<4xui8>) -> (tensor<4xui8>) {
    %0 = "stablehlo.constant"() {value = dense<5> : tensor<ui8>} : () -> tensor<ui8>
    %1 = "stablehlo.constant"() {value = dense<200> : tensor<ui8>} : () -> tensor<ui8>
    %2 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<ui8>) -> tensor<4xui8>
    %3 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<ui8>) -> tensor<4xui8>
    %4 = "stablehlo.clamp"(%2, %arg0, %3) : (tensor<4xui8>, tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
    "func.return"(%4) : (tensor<4xui8>) -> ()
  }
}
