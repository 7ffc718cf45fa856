module @top_k_f32_ties_and_nan {
  func.func public @main(%arg0: tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x5xi32>
    %1:2 = "stablehlo.sort"(%arg0, %0) ({
    ^bb0(%l0: tensor<f32>, %r1: tensor<f32>, %l2: tensor<i32>, %r3: tensor<i32>):
      %c4 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type TOTALORDER>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      "stablehlo.return"(%c4) : (tensor<i1>) -> ()
    }) {dimension = 1 : i64, is_stable = true} : (tensor<2x5xf32>, tensor<2x5xi32>) -> (tensor<2x5xf32>, tensor<2x5xi32>)
    %2 = "stablehlo.slice"(%1#0) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 3>, strides = array<i64: 1, 1>} : (tensor<2x5xf32>) -> tensor<2x3xf32>
    %3 = "stablehlo.slice"(%1#1) {start_indices = array<i64: 0, 0>, limit_indices = array<i64: 2, 3>, strides = array<i64: 1, 1>} : (tensor<2x5xi32>) -> tensor<2x3xi32>
    "func.return"(%2, %3) : (tensor<2x3xf32>, tensor<2x3xi32>) -> ()
  }
}
