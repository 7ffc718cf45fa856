module @gather_batching_u8 {
  func.func public @main(%arg0: tensor<2x3x2xui8>, %arg1: tensor<3x2x1xui32>) -> (tensor<3x2x2xui8>) {
    %0 = "stablehlo.gather"(%arg0, %arg1) {dimension_numbers = #stablehlo.gather<offset_dims = [2], collapsed_slice_dims = [1], operand_batching_dims = [0], start_indices_batching_dims = [1], start_index_map = [1], index_vector_dim = 2>, slice_sizes = array<i64: 1, 1, 2>, indices_are_sorted = false} : (tensor<2x3x2xui8>, tensor<3x2x1xui32>) -> tensor<3x2x2xui8>
    "func.return"(%0) : (tensor<3x2x2xui8>) -> ()
  }
}
