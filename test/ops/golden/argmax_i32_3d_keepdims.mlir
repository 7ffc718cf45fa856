module @argmax_i32_3d_keepdims {
  func.func public @main(%arg0: tensor<2x3x4xi32>) -> (tensor<2x1x4xi32>, tensor<2x3xi32>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3x4xi32>
    %1 = "stablehlo.constant"() {value = dense<-2147483648> : tensor<i32>} : () -> tensor<i32>
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %3:2 = "stablehlo.reduce"(%arg0, %0, %1, %2) ({
    ^bb0(%av0: tensor<i32>, %ai1: tensor<i32>, %bv2: tensor<i32>, %bi3: tensor<i32>):
      %c4 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %c5 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %c6 = "stablehlo.compare"(%ai1, %bi3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %p7 = "stablehlo.and"(%c5, %c6) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p8 = "stablehlo.or"(%c4, %p7) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %v9 = "stablehlo.select"(%p8, %av0, %bv2) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      %i10 = "stablehlo.select"(%p8, %ai1, %bi3) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%v9, %i10) : (tensor<i32>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3x4xi32>, tensor<2x3x4xi32>, tensor<i32>, tensor<i32>) -> (tensor<2x4xi32>, tensor<2x4xi32>)
    %4 = "stablehlo.reshape"(%3#1) : (tensor<2x4xi32>) -> tensor<2x1x4xi32>
    %5 = "stablehlo.iota"() {iota_dimension = 2 : i64} : () -> tensor<2x3x4xi32>
    %6 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %7 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %8:2 = "stablehlo.reduce"(%arg0, %5, %6, %7) ({
    ^bb0(%av11: tensor<i32>, %ai12: tensor<i32>, %bv13: tensor<i32>, %bi14: tensor<i32>):
      %c15 = "stablehlo.compare"(%av11, %bv13) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %c16 = "stablehlo.compare"(%av11, %bv13) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %c17 = "stablehlo.compare"(%ai12, %bi14) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %p18 = "stablehlo.and"(%c16, %c17) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p19 = "stablehlo.or"(%c15, %p18) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %v20 = "stablehlo.select"(%p19, %av11, %bv13) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      %i21 = "stablehlo.select"(%p19, %ai12, %bi14) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%v20, %i21) : (tensor<i32>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<2x3x4xi32>, tensor<2x3x4xi32>, tensor<i32>, tensor<i32>) -> (tensor<2x3xi32>, tensor<2x3xi32>)
    "func.return"(%4, %8#1) : (tensor<2x1x4xi32>, tensor<2x3xi32>) -> ()
  }
}
