module @select_bf16_scalar_pred {
  func.func public @main(%arg0: tensor<i1>, %arg1: tensor<2xbf16>, %arg2: tensor<2xbf16>) -> (tensor<2xbf16>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64>} : (tensor<i1>) -> tensor<2xi1>
    %1 = "stablehlo.select"(%0, %arg1, %arg2) : (tensor<2xi1>, tensor<2xbf16>, tensor<2xbf16>) -> tensor<2xbf16>
    "func.return"(%1) : (tensor<2xbf16>) -> ()
  }
}
