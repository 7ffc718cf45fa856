module @scatter_replace_i32 {
  func.func public @main(%arg0: tensor<3x4xi32>, %arg1: tensor<2xi32>, %arg2: tensor<2x4xi32>) -> (tensor<3x4xi32>) {
    %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
    ^bb0(%cur0: tensor<i32>, %upd1: tensor<i32>):
      "stablehlo.return"(%upd1) : (tensor<i32>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, indices_are_sorted = false, unique_indices = false} : (tensor<3x4xi32>, tensor<2xi32>, tensor<2x4xi32>) -> tensor<3x4xi32>
    "func.return"(%0) : (tensor<3x4xi32>) -> ()
  }
}
