module @sort_by_keys_carries_values {
  func.func public @main(%arg0: tensor<2x4xi32>, %arg1: tensor<2x4xbf16>, %arg2: tensor<2x4xi1>) -> (tensor<2x4xi32>, tensor<2x4xbf16>, tensor<2x4xi1>) {
    %0:3 = "stablehlo.sort"(%arg0, %arg1, %arg2) ({
    ^bb0(%l0: tensor<i32>, %r1: tensor<i32>, %l2: tensor<bf16>, %r3: tensor<bf16>, %l4: tensor<i1>, %r5: tensor<i1>):
      %c6 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%c6) : (tensor<i1>) -> ()
    }) {dimension = 1 : i64, is_stable = true} : (tensor<2x4xi32>, tensor<2x4xbf16>, tensor<2x4xi1>) -> (tensor<2x4xi32>, tensor<2x4xbf16>, tensor<2x4xi1>)
    "func.return"(%0#0, %0#1, %0#2) : (tensor<2x4xi32>, tensor<2x4xbf16>, tensor<2x4xi1>) -> ()
  }
}
