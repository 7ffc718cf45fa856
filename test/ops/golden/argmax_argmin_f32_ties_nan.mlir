module @argmax_argmin_f32_ties_nan {
  func.func public @main(%arg0: tensor<3x4xf32>) -> (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi64>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x4xi32>
    %1 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %3:2 = "stablehlo.reduce"(%arg0, %0, %1, %2) ({
    ^bb0(%av0: tensor<f32>, %ai1: tensor<i32>, %bv2: tensor<f32>, %bi3: tensor<i32>):
      %c4 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c5 = "stablehlo.compare"(%av0, %bv2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c6 = "stablehlo.compare"(%av0, %av0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c7 = "stablehlo.compare"(%bv2, %bv2) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c8 = "stablehlo.compare"(%bv2, %bv2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %p9 = "stablehlo.and"(%c6, %c8) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p10 = "stablehlo.or"(%c4, %p9) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p11 = "stablehlo.and"(%c6, %c7) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p12 = "stablehlo.or"(%c5, %p11) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %c13 = "stablehlo.compare"(%ai1, %bi3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %p14 = "stablehlo.and"(%p12, %c13) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p15 = "stablehlo.or"(%p10, %p14) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %v16 = "stablehlo.select"(%p15, %av0, %bv2) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
      %i17 = "stablehlo.select"(%p15, %ai1, %bi3) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%v16, %i17) : (tensor<f32>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x4xf32>, tensor<3x4xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
    %4 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x4xi32>
    %5 = "stablehlo.constant"() {value = dense<0x7F800000> : tensor<f32>} : () -> tensor<f32>
    %6 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %7:2 = "stablehlo.reduce"(%arg0, %4, %5, %6) ({
    ^bb0(%av18: tensor<f32>, %ai19: tensor<i32>, %bv20: tensor<f32>, %bi21: tensor<i32>):
      %c22 = "stablehlo.compare"(%av18, %bv20) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c23 = "stablehlo.compare"(%av18, %bv20) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c24 = "stablehlo.compare"(%av18, %av18) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c25 = "stablehlo.compare"(%bv20, %bv20) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %c26 = "stablehlo.compare"(%bv20, %bv20) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %p27 = "stablehlo.and"(%c24, %c26) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p28 = "stablehlo.or"(%c22, %p27) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p29 = "stablehlo.and"(%c24, %c25) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p30 = "stablehlo.or"(%c23, %p29) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %c31 = "stablehlo.compare"(%ai19, %bi21) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %p32 = "stablehlo.and"(%p30, %c31) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %p33 = "stablehlo.or"(%p28, %p32) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %v34 = "stablehlo.select"(%p33, %av18, %bv20) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
      %i35 = "stablehlo.select"(%p33, %ai19, %bi21) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%v34, %i35) : (tensor<f32>, tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x4xf32>, tensor<3x4xi32>, tensor<f32>, tensor<i32>) -> (tensor<3xf32>, tensor<3xi32>)
    %8 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.reduce"(%arg0, %8) ({
    ^bb0(%lhs36: tensor<f32>, %rhs37: tensor<f32>):
      %acc38 = "stablehlo.maximum"(%lhs36, %rhs37) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc38) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf32>, tensor<f32>) -> tensor<4xf32>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf32>) -> tensor<3x4xf32>
    %11 = "stablehlo.compare"(%arg0, %10) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
    %12 = "stablehlo.compare"(%10, %10) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
    %13 = "stablehlo.compare"(%arg0, %arg0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xi1>
    %14 = "stablehlo.and"(%12, %13) : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
    %15 = "stablehlo.or"(%11, %14) : (tensor<3x4xi1>, tensor<3x4xi1>) -> tensor<3x4xi1>
    %16 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<3x4xi64>
    %17 = "stablehlo.constant"() {value = dense<3> : tensor<i64>} : () -> tensor<i64>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<i64>) -> tensor<3x4xi64>
    %19 = "stablehlo.select"(%15, %16, %18) : (tensor<3x4xi1>, tensor<3x4xi64>, tensor<3x4xi64>) -> tensor<3x4xi64>
    %20 = "stablehlo.constant"() {value = dense<9223372036854775807> : tensor<i64>} : () -> tensor<i64>
    %21 = "stablehlo.reduce"(%19, %20) ({
    ^bb0(%lhs39: tensor<i64>, %rhs40: tensor<i64>):
      %acc41 = "stablehlo.minimum"(%lhs39, %rhs40) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%acc41) : (tensor<i64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xi64>, tensor<i64>) -> tensor<4xi64>
    "func.return"(%3#0, %3#1, %7#0, %7#1, %21) : (tensor<3xf32>, tensor<3xi32>, tensor<3xf32>, tensor<3xi32>, tensor<4xi64>) -> ()
  }
}
