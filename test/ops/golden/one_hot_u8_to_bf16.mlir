module @one_hot_u8_to_bf16 {
  func.func public @main(%arg0: tensor<3xui8>) -> (tensor<3x3xbf16>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0>} : (tensor<3xui8>) -> tensor<3x3xui8>
    %1 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x3xui8>
    %2 = "stablehlo.compare"(%0, %1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<3x3xui8>, tensor<3x3xui8>) -> tensor<3x3xi1>
    %3 = "stablehlo.convert"(%2) : (tensor<3x3xi1>) -> tensor<3x3xbf16>
    "func.return"(%3) : (tensor<3x3xbf16>) -> ()
  }
}
