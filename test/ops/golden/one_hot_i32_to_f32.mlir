module @one_hot_i32_to_f32 {
  func.func public @main(%arg0: tensor<2x2xi32>) -> (tensor<2x2x4xf32>) {
    %0 = "stablehlo.broadcast_in_dim"(%arg0) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x2xi32>) -> tensor<2x2x4xi32>
    %1 = "stablehlo.iota"() {iota_dimension = 2 : i64} : () -> tensor<2x2x4xi32>
    %2 = "stablehlo.compare"(%0, %1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<2x2x4xi32>, tensor<2x2x4xi32>) -> tensor<2x2x4xi1>
    %3 = "stablehlo.convert"(%2) : (tensor<2x2x4xi1>) -> tensor<2x2x4xf32>
    "func.return"(%3) : (tensor<2x2x4xf32>) -> ()
  }
}
