module @scatter_custom_combiner_keeps_larger_magnitude {
  func.func public @main(%arg0: tensor<4xf32>, %arg1: tensor<4x1xi32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>) {
    %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
    ^bb0(%cur0: tensor<f32>, %upd1: tensor<f32>):
      %r2 = "stablehlo.abs"(%cur0) : (tensor<f32>) -> tensor<f32>
      %r3 = "stablehlo.abs"(%upd1) : (tensor<f32>) -> tensor<f32>
      %r4 = "stablehlo.compare"(%r2, %r3) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %r5 = "stablehlo.select"(%r4, %cur0, %upd1) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%r5) : (tensor<f32>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, indices_are_sorted = false, unique_indices = false} : (tensor<4xf32>, tensor<4x1xi32>, tensor<4xf32>) -> tensor<4xf32>
    "func.return"(%0) : (tensor<4xf32>) -> ()
  }
}
