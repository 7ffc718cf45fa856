module @grad_select_f64_bcast {
  func.func public @main(%arg0: tensor<2x3xi1>, %arg1: tensor<2x3xf64>, %arg2: tensor<3xf64>) -> (tensor<2x3xf64>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg2) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf64>) -> tensor<2x3xf64>
    %1 = "stablehlo.select"(%arg0, %arg1, %0) : (tensor<2x3xi1>, tensor<2x3xf64>, tensor<2x3xf64>) -> tensor<2x3xf64>
    "func.return"(%1) : (tensor<2x3xf64>) -> ()
  }
}
