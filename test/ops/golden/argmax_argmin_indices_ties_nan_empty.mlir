module @argmax_argmin_indices_ties_nan_empty {
  func.func public @main(%arg0: tensor<4x4xf16>, %arg1: tensor<3x0xf32>) -> (tensor<4xi32>, tensor<4xui8>, tensor<1x4xi32>, tensor<3xi32>) {
    %0 = "stablehlo.constant"() {value = dense<0xFC00> : tensor<f16>} : () -> tensor<f16>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f16>, %rhs1: tensor<f16>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%acc2) : (tensor<f16>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x4xf16>, tensor<f16>) -> tensor<4xf16>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf16>) -> tensor<4x4xf16>
    %3 = "stablehlo.compare"(%arg0, %2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %4 = "stablehlo.compare"(%2, %2) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %5 = "stablehlo.compare"(%arg0, %arg0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %6 = "stablehlo.and"(%4, %5) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %7 = "stablehlo.or"(%3, %6) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %8 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<4x4xi32>
    %9 = "stablehlo.constant"() {value = dense<4> : tensor<i32>} : () -> tensor<i32>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64>} : (tensor<i32>) -> tensor<4x4xi32>
    %11 = "stablehlo.select"(%7, %8, %10) : (tensor<4x4xi1>, tensor<4x4xi32>, tensor<4x4xi32>) -> tensor<4x4xi32>
    %12 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %13 = "stablehlo.reduce"(%11, %12) ({
    ^bb0(%lhs3: tensor<i32>, %rhs4: tensor<i32>):
      %acc5 = "stablehlo.minimum"(%lhs3, %rhs4) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc5) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x4xi32>, tensor<i32>) -> tensor<4xi32>
    %14 = "stablehlo.constant"() {value = dense<0x7C00> : tensor<f16>} : () -> tensor<f16>
    %15 = "stablehlo.reduce"(%arg0, %14) ({
    ^bb0(%lhs6: tensor<f16>, %rhs7: tensor<f16>):
      %acc8 = "stablehlo.minimum"(%lhs6, %rhs7) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%acc8) : (tensor<f16>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x4xf16>, tensor<f16>) -> tensor<4xf16>
    %16 = "stablehlo.broadcast_in_dim"(%15) {broadcast_dimensions = array<i64: 0>} : (tensor<4xf16>) -> tensor<4x4xf16>
    %17 = "stablehlo.compare"(%arg0, %16) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %18 = "stablehlo.compare"(%16, %16) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %19 = "stablehlo.compare"(%arg0, %arg0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %20 = "stablehlo.and"(%18, %19) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %21 = "stablehlo.or"(%17, %20) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %22 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<4x4xui8>
    %23 = "stablehlo.constant"() {value = dense<4> : tensor<ui8>} : () -> tensor<ui8>
    %24 = "stablehlo.broadcast_in_dim"(%23) {broadcast_dimensions = array<i64>} : (tensor<ui8>) -> tensor<4x4xui8>
    %25 = "stablehlo.select"(%21, %22, %24) : (tensor<4x4xi1>, tensor<4x4xui8>, tensor<4x4xui8>) -> tensor<4x4xui8>
    %26 = "stablehlo.constant"() {value = dense<255> : tensor<ui8>} : () -> tensor<ui8>
    %27 = "stablehlo.reduce"(%25, %26) ({
    ^bb0(%lhs9: tensor<ui8>, %rhs10: tensor<ui8>):
      %acc11 = "stablehlo.minimum"(%lhs9, %rhs10) : (tensor<ui8>, tensor<ui8>) -> tensor<ui8>
      "stablehlo.return"(%acc11) : (tensor<ui8>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<4x4xui8>, tensor<ui8>) -> tensor<4xui8>
    %28 = "stablehlo.constant"() {value = dense<0x7C00> : tensor<f16>} : () -> tensor<f16>
    %29 = "stablehlo.reduce"(%arg0, %28) ({
    ^bb0(%lhs12: tensor<f16>, %rhs13: tensor<f16>):
      %acc14 = "stablehlo.minimum"(%lhs12, %rhs13) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%acc14) : (tensor<f16>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<4x4xf16>, tensor<f16>) -> tensor<4xf16>
    %30 = "stablehlo.broadcast_in_dim"(%29) {broadcast_dimensions = array<i64: 1>} : (tensor<4xf16>) -> tensor<4x4xf16>
    %31 = "stablehlo.compare"(%arg0, %30) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %32 = "stablehlo.compare"(%30, %30) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %33 = "stablehlo.compare"(%arg0, %arg0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<4x4xf16>, tensor<4x4xf16>) -> tensor<4x4xi1>
    %34 = "stablehlo.and"(%32, %33) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %35 = "stablehlo.or"(%31, %34) : (tensor<4x4xi1>, tensor<4x4xi1>) -> tensor<4x4xi1>
    %36 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4x4xi32>
    %37 = "stablehlo.constant"() {value = dense<4> : tensor<i32>} : () -> tensor<i32>
    %38 = "stablehlo.broadcast_in_dim"(%37) {broadcast_dimensions = array<i64>} : (tensor<i32>) -> tensor<4x4xi32>
    %39 = "stablehlo.select"(%35, %36, %38) : (tensor<4x4xi1>, tensor<4x4xi32>, tensor<4x4xi32>) -> tensor<4x4xi32>
    %40 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %41 = "stablehlo.reduce"(%39, %40) ({
    ^bb0(%lhs15: tensor<i32>, %rhs16: tensor<i32>):
      %acc17 = "stablehlo.minimum"(%lhs15, %rhs16) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc17) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<4x4xi32>, tensor<i32>) -> tensor<4xi32>
    %42 = "stablehlo.reshape"(%41) : (tensor<4xi32>) -> tensor<1x4xi32>
    %43 = "stablehlo.constant"() {value = dense<0> : tensor<3xi32>} : () -> tensor<3xi32>
    "func.return"(%13, %27, %42, %43) : (tensor<4xi32>, tensor<4xui8>, tensor<1x4xi32>, tensor<3xi32>) -> ()
  }
}
