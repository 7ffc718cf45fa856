module @argsort_u32_stable {
  func.func public @main(%arg0: tensor<2x6xui32>) -> (tensor<2x6xi32>, tensor<2x6xi64>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x6xi32>
    %1:2 = "stablehlo.sort"(%arg0, %0) ({
    ^bb0(%l0: tensor<ui32>, %r1: tensor<ui32>, %l2: tensor<i32>, %r3: tensor<i32>):
      %c4 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<ui32>, tensor<ui32>) -> tensor<i1>
      "stablehlo.return"(%c4) : (tensor<i1>) -> ()
    }) {dimension = 1 : i64, is_stable = true} : (tensor<2x6xui32>, tensor<2x6xi32>) -> (tensor<2x6xui32>, tensor<2x6xi32>)
    %2 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x6xi64>
    %3:2 = "stablehlo.sort"(%arg0, %2) ({
    ^bb0(%l5: tensor<ui32>, %r6: tensor<ui32>, %l7: tensor<i64>, %r8: tensor<i64>):
      %c9 = "stablehlo.compare"(%l5, %r6) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<ui32>, tensor<ui32>) -> tensor<i1>
      "stablehlo.return"(%c9) : (tensor<i1>) -> ()
    }) {dimension = 1 : i64, is_stable = true} : (tensor<2x6xui32>, tensor<2x6xi64>) -> (tensor<2x6xui32>, tensor<2x6xi64>)
    "func.return"(%1#1, %3#1) : (tensor<2x6xi32>, tensor<2x6xi64>) -> ()
  }
}
