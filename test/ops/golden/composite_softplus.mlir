module @composite_softplus {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %2 = "stablehlo.maximum"(%arg0, %1) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %3 = "stablehlo.abs"(%arg0) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %4 = "stablehlo.negate"(%3) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %5 = "stablehlo.exponential"(%4) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %6 = "stablehlo.log_plus_one"(%5) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %7 = "stablehlo.add"(%2, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%7) : (tensor<2x4xf64>) -> ()
  }
}
