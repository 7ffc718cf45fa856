module @dynamic_update_slice_bf16_kv_write {
  func.func public @main(%arg0: tensor<4x2xbf16>, %arg1: tensor<1x2xbf16>, %arg2: tensor<i64>) -> (tensor<4x2xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
    %1 = "stablehlo.dynamic_update_slice"(%arg0, %arg1, %arg2, %0) : (tensor<4x2xbf16>, tensor<1x2xbf16>, tensor<i64>, tensor<i64>) -> tensor<4x2xbf16>
    "func.return"(%1) : (tensor<4x2xbf16>) -> ()
  }
}
