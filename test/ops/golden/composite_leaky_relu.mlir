module @composite_leaky_relu {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %2 = "stablehlo.compare"(%arg0, %1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xi1>
    %3 = "stablehlo.constant"() {value = dense<0.2> : tensor<f64>} : () -> tensor<f64>
    %4 = "stablehlo.broadcast_in_dim"(%3) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %5 = "stablehlo.multiply"(%arg0, %4) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %6 = "stablehlo.select"(%2, %5, %arg0) : (tensor<2x4xi1>, tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%6) : (tensor<2x4xf64>) -> ()
  }
}
