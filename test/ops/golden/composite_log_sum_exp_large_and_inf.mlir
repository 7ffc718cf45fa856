module @composite_log_sum_exp_large_and_inf {
  func.func public @main(%arg0: tensor<3x2xf64>) -> (tensor<3xf64>, tensor<3x2xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.maximum"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x2xf64>, tensor<f64>) -> tensor<3xf64>
    %2 = "stablehlo.reshape"(%1) : (tensor<3xf64>) -> tensor<3x1xf64>
    %3 = "stablehlo.abs"(%2) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %4 = "stablehlo.constant"() {value = dense<0x7FF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %5 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %6 = "stablehlo.compare"(%3, %5) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xi1>
    %7 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %8 = "stablehlo.broadcast_in_dim"(%7) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %9 = "stablehlo.select"(%6, %2, %8) : (tensor<3x1xi1>, tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf64>) -> tensor<3x2xf64>
    %11 = "stablehlo.subtract"(%arg0, %10) : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
    %12 = "stablehlo.exponential"(%11) : (tensor<3x2xf64>) -> tensor<3x2xf64>
    %13 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %14 = "stablehlo.reduce"(%12, %13) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x2xf64>, tensor<f64>) -> tensor<3xf64>
    %15 = "stablehlo.reshape"(%14) : (tensor<3xf64>) -> tensor<3x1xf64>
    %16 = "stablehlo.log"(%15) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %17 = "stablehlo.add"(%16, %9) : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>
    %18 = "stablehlo.reshape"(%17) : (tensor<3x1xf64>) -> tensor<3xf64>
    %19 = "stablehlo.constant"() {value = dense<0xFFF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %20 = "stablehlo.reduce"(%arg0, %19) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.maximum"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x2xf64>, tensor<f64>) -> tensor<3xf64>
    %21 = "stablehlo.reshape"(%20) : (tensor<3xf64>) -> tensor<3x1xf64>
    %22 = "stablehlo.abs"(%21) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %23 = "stablehlo.constant"() {value = dense<0x7FF0000000000000> : tensor<f64>} : () -> tensor<f64>
    %24 = "stablehlo.broadcast_in_dim"(%23) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %25 = "stablehlo.compare"(%22, %24) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xi1>
    %26 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %27 = "stablehlo.broadcast_in_dim"(%26) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<3x1xf64>
    %28 = "stablehlo.select"(%25, %21, %27) : (tensor<3x1xi1>, tensor<3x1xf64>, tensor<3x1xf64>) -> tensor<3x1xf64>
    %29 = "stablehlo.broadcast_in_dim"(%28) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf64>) -> tensor<3x2xf64>
    %30 = "stablehlo.subtract"(%arg0, %29) : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
    %31 = "stablehlo.exponential"(%30) : (tensor<3x2xf64>) -> tensor<3x2xf64>
    %32 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %33 = "stablehlo.reduce"(%31, %32) ({
    ^bb0(%lhs9: tensor<f64>, %rhs10: tensor<f64>):
      %acc11 = "stablehlo.add"(%lhs9, %rhs10) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc11) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x2xf64>, tensor<f64>) -> tensor<3xf64>
    %34 = "stablehlo.reshape"(%33) : (tensor<3xf64>) -> tensor<3x1xf64>
    %35 = "stablehlo.broadcast_in_dim"(%34) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<3x1xf64>) -> tensor<3x2xf64>
    %36 = "stablehlo.divide"(%31, %35) : (tensor<3x2xf64>, tensor<3x2xf64>) -> tensor<3x2xf64>
    "func.return"(%18, %36) : (tensor<3xf64>, tensor<3x2xf64>) -> ()
  }
}
