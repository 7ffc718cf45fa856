module @matmul_vectors_and_batch_broadcast {
  func.func public @main(%arg0: tensor<3xf32>, %arg1: tensor<3x2xf32>, %arg2: tensor<2x2x3xf32>) -> (tensor<2xf32>, tensor<2x2x2xf32>, tensor<2x2xf32>, tensor<f32>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<3xf32>) -> tensor<1x3xf32>
    %1 = "stablehlo.dot_general"(%0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<1x3xf32>, tensor<3x2xf32>) -> tensor<1x2xf32>
    %2 = "stablehlo.reshape"(%1) : (tensor<1x2xf32>) -> tensor<2xf32>
    %3 = "stablehlo.broadcast_in_dim"(%arg1) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<3x2xf32>) -> tensor<2x3x2xf32>
    %4 = "stablehlo.dot_general"(%arg2, %3) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1]>} : (tensor<2x2x3xf32>, tensor<2x3x2xf32>) -> tensor<2x2x2xf32>
    %5 = "stablehlo.reshape"(%arg0) : (tensor<3xf32>) -> tensor<3x1xf32>
    %6 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64: 1, 2>} : (tensor<3x1xf32>) -> tensor<2x3x1xf32>
    %7 = "stablehlo.dot_general"(%arg2, %6) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1]>} : (tensor<2x2x3xf32>, tensor<2x3x1xf32>) -> tensor<2x2x1xf32>
    %8 = "stablehlo.reshape"(%7) : (tensor<2x2x1xf32>) -> tensor<2x2xf32>
    %9 = "stablehlo.reshape"(%arg0) : (tensor<3xf32>) -> tensor<1x3xf32>
    %10 = "stablehlo.reshape"(%arg0) : (tensor<3xf32>) -> tensor<3x1xf32>
    %11 = "stablehlo.dot_general"(%9, %10) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<1x3xf32>, tensor<3x1xf32>) -> tensor<1x1xf32>
    %12 = "stablehlo.reshape"(%11) : (tensor<1x1xf32>) -> tensor<f32>
    "func.return"(%2, %4, %8, %12) : (tensor<2xf32>, tensor<2x2x2xf32>, tensor<2x2xf32>, tensor<f32>) -> ()
  }
}
