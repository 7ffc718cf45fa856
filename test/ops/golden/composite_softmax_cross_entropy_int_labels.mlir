module @composite_softmax_cross_entropy_int_labels {
  func.func public @main(%arg0: tensor<3x5xf64>, %arg1: tensor<3xi32>) -> (tensor<3xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x5xf64>, tensor<f64>) -> tensor<3xf64>
    %2 = "stablehlo.reshape"(%1) : (tensor<3xf64>) -> tensor<3x1xf64>
    %3 = "stablehlo.abs"(%2) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %4 = "stablehlo.constant"() {value = dense<0x7FF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %5 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %6 = "stablehlo.compare"(%3, %5) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xi1>
    %7 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %8 = "stablehlo.broadcast_in_dim"(%7) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %9 = "stablehlo.select"(%6, %2, %8) : (tensor<3x1xi1>, tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf64>) -> tensor<3x5xf64>
    %11 = "stablehlo.subtract"(%arg0, %10) : (tensor<3x5xf64>, tensor<3x5xf64>) -> tensor<3x5xf64>
    %12 = "stablehlo.exponential"(%11) : (tensor<3x5xf64>) -> tensor<3x5xf64>
    %13 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %14 = "stablehlo.reduce"(%12, %13) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x5xf64>, tensor<f64>) -> tensor<3xf64>
    %15 = "stablehlo.reshape"(%14) : (tensor<3xf64>) -> tensor<3x1xf64>
    %16 = "stablehlo.log"(%15) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %17 = "stablehlo.broadcast_in_dim"(%16) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf64>) -> tensor<3x5xf64>
    %18 = "stablehlo.subtract"(%11, %17) : (tensor<3x5xf64>, tensor<3x5xf64>) -> tensor<3x5xf64>
    %19 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<3x5xi32>
    %20 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 0>} : (tensor<3xi32>) -> tensor<3x5xi32>
    %21 = "stablehlo.compare"(%19, %20) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<3x5xi32>, tensor<3x5xi32>) -> tensor<3x5xi1>
    %22 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x5xf64>
    %24 = "stablehlo.select"(%21, %18, %23) : (tensor<3x5xi1>, tensor<3x5xf64>, tensor<3x5xf64>) -> tensor<3x5xf64>
    %25 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %26 = "stablehlo.reduce"(%24, %25) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.add"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x5xf64>, tensor<f64>) -> tensor<3xf64>
    %27 = "stablehlo.negate"(%26) : (tensor<3xf64>) -> tensor<3xf64>
    "func.return"(%27) : (tensor<3xf64>) -> ()
  }
}
