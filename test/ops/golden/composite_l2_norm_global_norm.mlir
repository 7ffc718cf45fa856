module @composite_l2_norm_global_norm {
  func.func public @main(%arg0: tensor<3x4xf64>, %arg1: tensor<5xf64>) -> (tensor<3x1xf64>, tensor<f64>) {
    %0 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %1 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %2 = "stablehlo.reduce"(%0, %1) ({
    ^bb0(%lhs0: tensor<f64>, %rhs1: tensor<f64>):
      %acc2 = "stablehlo.add"(%lhs0, %rhs1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc2) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<3xf64>
    %3 = "stablehlo.reshape"(%2) : (tensor<3xf64>) -> tensor<3x1xf64>
    %4 = "stablehlo.sqrt"(%3) : (tensor<3x1xf64>) -> tensor<3x1xf64>
    %5 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<3x4xf64>, tensor<3x4xf64>) -> tensor<3x4xf64>
    %6 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %7 = "stablehlo.reduce"(%5, %6) ({
    ^bb0(%lhs3: tensor<f64>, %rhs4: tensor<f64>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc5) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<3x4xf64>, tensor<f64>) -> tensor<f64>
    %8 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<5xf64>, tensor<5xf64>) -> tensor<5xf64>
    %9 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %10 = "stablehlo.reduce"(%8, %9) ({
    ^bb0(%lhs6: tensor<f64>, %rhs7: tensor<f64>):
      %acc8 = "stablehlo.add"(%lhs6, %rhs7) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%acc8) : (tensor<f64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<5xf64>, tensor<f64>) -> tensor<f64>
    %11 = "stablehlo.add"(%7, %10) : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %12 = "stablehlo.sqrt"(%11) : (tensor<f64>) -> tensor<f64>
    "func.return"(%4, %12) : (tensor<3x1xf64>, tensor<f64>) -> ()
  }
}
