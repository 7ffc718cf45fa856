module @composite_mean_variance_std {
  func.func public @main(%arg0: tensor<3x4xf64>) -> (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<f64>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %2 = "stablehlo.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
    %3 = "stablehlo.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<4xf64>
    %4 = "stablehlo.divide"(%1, %3) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
    %5 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %6 = "stablehlo.reduce"(%arg0, %5) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %7 = "stablehlo.reshape"(%6) : (tensor<4xf64>) -> tensor<1x4xf64>
    %8 = "stablehlo.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<1x4xf64>
    %10 = "stablehlo.divide"(%7, %9) : (tensor<1x4xf64>, tensor<1x4xf64>) -> tensor<1x4xf64>
    %11 = "stablehlo.broadcast_in_dim"(%10) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<1x4xf64>) -> tensor<3x4xf64>
    %12 = "stablehlo.subtract"(%arg0, %11) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %13 = "stablehlo.multiply"(%12, %12) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %14 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %15 = "stablehlo.reduce"(%13, %14) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.add"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %16 = "stablehlo.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
    %17 = "stablehlo.broadcast_in_dim"(%16) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<4xf64>
    %18 = "stablehlo.divide"(%15, %17) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
    %19 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %20 = "stablehlo.reduce"(%arg0, %19) ({
    ^bb0(%lhs9: tensor<f64>, %rhs10: tensor<f64>):
      %acc11 = "stablehlo.add"(%lhs9, %rhs10) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc11) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %21 = "stablehlo.reshape"(%20) : (tensor<4xf64>) -> tensor<1x4xf64>
    %22 = "stablehlo.constant"() {value = dense<3.0> : tensor<f64>} : () -> tensor<f64>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<1x4xf64>
    %24 = "stablehlo.divide"(%21, %23) : (tensor<1x4xf64>, tensor<1x4xf64>) -> tensor<1x4xf64>
    %25 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64: 0, 1>} : (tensor<1x4xf64>) -> tensor<3x4xf64>
    %26 = "stablehlo.subtract"(%arg0, %25) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %27 = "stablehlo.multiply"(%26, %26) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %28 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %29 = "stablehlo.reduce"(%27, %28) ({
    ^bb0(%lhs12: tensor<f64>, %rhs13: tensor<f64>):
      %acc14 = "stablehlo.add"(%lhs12, %rhs13) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc14) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<4xf64>
    %30 = "stablehlo.constant"() {value = dense<2.0> : tensor<f64>} : () -> tensor<f64>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<4xf64>
    %32 = "stablehlo.divide"(%29, %31) : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
    %33 = "stablehlo.sqrt"(%32) : (tensor<4xf64>) -> tensor<4xf64>
    %34 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %35 = "stablehlo.reduce"(%arg0, %34) ({
    ^bb0(%lhs15: tensor<f64>, %rhs16: tensor<f64>):
      %acc17 = "stablehlo.add"(%lhs15, %rhs16) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc17) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<f64>
    %36 = "stablehlo.constant"() {value = dense<12.0> : tensor<f64>} : () -> tensor<f64>
    %37 = "stablehlo.divide"(%35, %36) : (tensor<f64>, tensor<f64>) -> tensor<f64>
    "func.return"(%4, %18, %33, %37) : (tensor<4xf64>, tensor<4xf64>, tensor<4xf64>, tensor<f64>) -> ()
  }
}
