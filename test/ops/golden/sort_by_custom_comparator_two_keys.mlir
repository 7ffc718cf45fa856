module @sort_by_custom_comparator_two_keys {
  func.func public @main(%arg0: tensor<6xi32>, %arg1: tensor<6xf32>) -> (tensor<6xi32>, tensor<6xf32>) {
    %0:2 = "stablehlo.sort"(%arg0, %arg1) ({
    ^bb0(%l0: tensor<i32>, %r1: tensor<i32>, %l2: tensor<f32>, %r3: tensor<f32>):
      %r5 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %r6 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %r7 = "stablehlo.compare"(%l2, %r3) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %r8 = "stablehlo.and"(%r6, %r7) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %r9 = "stablehlo.or"(%r5, %r8) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      "stablehlo.return"(%r9) : (tensor<i1>) -> ()
    }) {dimension = 0 : i64, is_stable = true} : (tensor<6xi32>, tensor<6xf32>) -> (tensor<6xi32>, tensor<6xf32>)
    "func.return"(%0#0, %0#1) : (tensor<6xi32>, tensor<6xf32>) -> ()
  }
}
