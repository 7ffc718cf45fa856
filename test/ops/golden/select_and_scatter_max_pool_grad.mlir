module @select_and_scatter_max_pool_grad {
  func.func public @main(%arg0: tensor<1x4x5x1xf32>, %arg1: tensor<1x2x3x1xf32>) -> (tensor<1x4x5x1xf32>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %1 = "stablehlo.select_and_scatter"(%arg0, %arg1, %0) ({
    ^bb0(%lhs0: tensor<f32>, %rhs1: tensor<f32>):
      %pick2 = "stablehlo.compare"(%lhs0, %rhs1) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      "stablehlo.return"(%pick2) : (tensor<i1>) -> ()
    }, {
    ^bb0(%lhs3: tensor<f32>, %rhs4: tensor<f32>):
      %acc5 = "stablehlo.add"(%lhs3, %rhs4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%acc5) : (tensor<f32>) -> ()
    }) {window_dimensions = array<i64: 1, 2, 2, 1>, window_strides = array<i64: 1, 2, 2, 1>, padding = dense<[[0, 0], [0, 0], [0, 1], [0, 0]]> : tensor<4x2xi64>} : (tensor<1x4x5x1xf32>, tensor<1x2x3x1xf32>, tensor<f32>) -> tensor<1x4x5x1xf32>
    "func.return"(%1) : (tensor<1x4x5x1xf32>) -> ()
  }
}
