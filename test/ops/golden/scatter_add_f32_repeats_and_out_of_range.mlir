module @scatter_add_f32_repeats_and_out_of_range {
  func.func public @main(%arg0: tensor<4x2xf32>, %arg1: tensor<5xi32>, %arg2: tensor<5x2xf32>) -> (tensor<4x2xf32>) {
    %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
    ^bb0(%cur0: tensor<f32>, %upd1: tensor<f32>):
      %new2 = "stablehlo.add"(%cur0, %upd1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%new2) : (tensor<f32>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, indices_are_sorted = false, unique_indices = false} : (tensor<4x2xf32>, tensor<5xi32>, tensor<5x2xf32>) -> tensor<4x2xf32>
    "func.return"(%0) : (tensor<4x2xf32>) -> ()
  }
}
