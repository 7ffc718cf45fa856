module @mul_i32_scalar_param {
  func.func public @main(%arg0: tensor<2x3xi32>, %arg1: tensor<i32>) -> (tensor<2x3xi32>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64>} : (tensor<i32>) -> tensor<2x3xi32>
    %1 = "stablehlo.multiply"(%arg0, %0) : (tensor<2x3xi32>, tensor<2x3xi32>) -> tensor<2x3xi32>
    "func.return"(%1) : (tensor<2x3xi32>) -> ()
  }
}
