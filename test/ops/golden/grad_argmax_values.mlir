module @grad_argmax_values {
  func.func public @main(%arg0: tensor<3x4xf64>) -> (tensor<3xf64>, tensor<3xi32>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x4xi32>
    %1 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %3:2 = "stablehlo.reduce"(%arg0, %0, %1, %2) ({
    ^bb0(%av0: tensor<f64>, %ai1: tensor<i32>, %bv2: tensor<f64>, %bi3: tensor<i32>):
      %c4 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f64>, tensor<f64>) -> tensor<i1>
      %c5 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f64>, tensor<f64>) -> tensor<i1>
      %c6 = "stablehlo.compare"(%av0, %av0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f64>, tensor<f64>) -> tensor<i1>
      %c7 = "stablehlo.compare"(%bv2, %bv2) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f64>, tensor<f64>) -> tensor<i1>
      %c8 = "stablehlo.compare"(%bv2, %bv2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f64>, tensor<f64>) -> tensor<i1>
      %p9 = "stablehlo.and"(%c6, %c8) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p10 = "stablehlo.or"(%c4, %p9) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p11 = "stablehlo.and"(%c6, %c7) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p12 = "stablehlo.or"(%c5, %p11) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %c13 = "stablehlo.compare"(%ai1, %bi3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %p14 = "stablehlo.and"(%p12, %c13) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p15 = "stablehlo.or"(%p10, %p14) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %v16 = "stablehlo.select"(%p15, %av0, %bv2) : (tensor<i1>, tensor<f64>, tensor<f64>) -> tensor<f64>
      %i17 = "stablehlo.select"(%p15, %ai1, %bi3) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%v16, %i17) : (tensor<f64>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x4xf64>, tensor<3x4xi32>, tensor<f64>, tensor<i32>) -> (tensor<3xf64>, tensor<3xi32>)
    "func.return"(%3#0, %3#1) : (tensor<3xf64>, tensor<3xi32>) -> ()
  }
}
