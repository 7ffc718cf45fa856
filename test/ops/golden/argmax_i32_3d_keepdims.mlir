module @argmax_i32_3d_keepdims {
  func.func public @main(%arg0: tensor<2x3x4xi32>) -> (tensor<2x1x4xi32>, tensor<2x3xi32>) {
    %0 = "stablehlo.constant"() {value = dense<-2147483648> : tensor<i32>} : () -> tensor<i32>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<i32>, %rhs1: tensor<i32>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc2) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<2x4xi32>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64: 0, 2>} : (tensor<2x4xi32>) -> tensor<2x3x4xi32>
    %3 = "stablehlo.compare"(%arg0, %2) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<2x3x4xi32>, tensor<2x3x4xi32>) -> tensor<2x3x4xi1>
    %4 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3x4xi32>
    %5 = "stablehlo.constant"() {value = dense<3> : tensor<i32>} : () -> tensor<i32>
    %6 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<i32>) -> tensor<2x3x4xi32>
    %7 = "stablehlo.select"(%3, %4, %6) : (tensor<2x3x4xi1>, tensor<2x3x4xi32>, tensor<2x3x4xi32>) -> tensor<2x3x4xi32>
    %8 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %9 = "stablehlo.reduce"(%7, %8) ({
    ^bb0(%lhs3: tensor<i32>, %rhs4: tensor<i32>):
      %acc5 = "stablehlo.minimum"(%lhs3, %rhs4) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc5) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<2x4xi32>
    %10 = "stablehlo.reshape"(%9) : (tensor<2x4xi32>) -> tensor<2x1x4xi32>
    %11 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %12 = "stablehlo.reduce"(%arg0, %11) ({
    ^bb0(%lhs6: tensor<i32>, %rhs7: tensor<i32>):
      %acc8 = "stablehlo.minimum"(%lhs6, %rhs7) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc8) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<2x3xi32>
    %13 = "stablehlo.broadcast_in_dim"(%12) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<2x3xi32>) -> tensor<2x3x4xi32>
    %14 = "stablehlo.compare"(%arg0, %13) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<2x3x4xi32>, tensor<2x3x4xi32>) -> tensor<2x3x4xi1>
    %15 = "stablehlo.iota"() {iota_dimension = 2 : i64} : () -> tensor<2x3x4xi32>
    %16 = "stablehlo.constant"() {value = dense<4> : tensor<i32>} : () -> tensor<i32>
    %17 = "stablehlo.broadcast_in_dim"(%16) {broadcast_dimensions = array<i64>} : (tensor<i32>) -> tensor<2x3x4xi32>
    %18 = "stablehlo.select"(%14, %15, %17) : (tensor<2x3x4xi1>, tensor<2x3x4xi32>, tensor<2x3x4xi32>) -> tensor<2x3x4xi32>
    %19 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %20 = "stablehlo.reduce"(%18, %19) ({
    ^bb0(%lhs9: tensor<i32>, %rhs10: tensor<i32>):
      %acc11 = "stablehlo.minimum"(%lhs9, %rhs10) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%acc11) : (tensor<i32>) -> ()
    }) {dimensions = array<i64: 2>} : (tensor<2x3x4xi32>, tensor<i32>) -> tensor<2x3xi32>
    "func.return"(%10, %20) : (tensor<2x1x4xi32>, tensor<2x3xi32>) -> ()
  }
}
