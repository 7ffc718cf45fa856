module @composite_gelu_tanh {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %1 = "stablehlo.multiply"(%0, %arg0) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %2 = "stablehlo.constant"() {value = dense<0.044715> : tensor<f64>} : () -> tensor<f64>
    %3 = "stablehlo.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %4 = "stablehlo.multiply"(%1, %3) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %5 = "stablehlo.add"(%arg0, %4) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %6 = "stablehlo.constant"() {value = dense<0x3FE9884533D43651> : tensor<f64>} : () -> tensor<f64>
    %7 = "stablehlo.broadcast_in_dim"(%6) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %8 = "stablehlo.multiply"(%5, %7) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %9 = "stablehlo.constant"() {value = dense<0.5> : tensor<f64>} : () -> tensor<f64>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %11 = "stablehlo.multiply"(%arg0, %10) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %12 = "stablehlo.tanh"(%8) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %13 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %14 = "stablehlo.broadcast_in_dim"(%13) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %15 = "stablehlo.add"(%12, %14) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %16 = "stablehlo.multiply"(%11, %15) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%16) : (tensor<2x4xf64>) -> ()
  }
}
