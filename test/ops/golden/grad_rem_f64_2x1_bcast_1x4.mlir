module @grad_rem_f64_2x1_bcast_1x4 {
  func.func public @main(%arg0: tensor<2x1xf64>, %arg1: tensor<1x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x1xf64>) -> tensor<2x4xf64>
    %1 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<1x4xf64>) -> tensor<2x4xf64>
    %2 = "stablehlo.remainder"(%0, %1) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%2) : (tensor<2x4xf64>) -> ()
  }
}
