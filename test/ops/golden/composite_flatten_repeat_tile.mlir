module @composite_flatten_repeat_tile {
  func.func public @main(%arg0: tensor<2x3x2xf64>) -> (tensor<2x6xf64>, tensor<2x6x2xf64>, tensor<4x3x6xf64>, tensor<2x3x4xf64>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<2x3x2xf64>) -> tensor<2x6xf64>
    %1 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1, 3>} : (tensor<2x3x2xf64>) -> tensor<2x3x2x2xf64>
    %2 = "stablehlo.reshape"(%1) : (tensor<2x3x2x2xf64>) -> tensor<2x6x2xf64>
    %3 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1, 3, 5>} : (tensor<2x3x2xf64>) -> tensor<2x2x1x3x3x2xf64>
    %4 = "stablehlo.reshape"(%3) : (tensor<2x2x1x3x3x2xf64>) -> tensor<4x3x6xf64>
    %5 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 1, 3, 5>} : (tensor<2x3x2xf64>) -> tensor<1x2x1x3x2x2xf64>
    %6 = "stablehlo.reshape"(%5) : (tensor<1x2x1x3x2x2xf64>) -> tensor<2x3x4xf64>
    "func.return"(%0, %2, %4, %6) : (tensor<2x6xf64>, tensor<2x6x2xf64>, tensor<4x3x6xf64>, tensor<2x3x4xf64>) -> ()
  }
}
