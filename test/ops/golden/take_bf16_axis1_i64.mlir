module @take_bf16_axis1_i64 {
  func.func public @main(%arg0: tensor<2x4xbf16>, %arg1: tensor<3xi64>) -> (tensor<2x3xbf16>) {
    %0 = "stablehlo.gather"(%arg0, %arg1) {dimension_numbers = #stablehlo.gather<offset_dims = [0], collapsed_slice_dims = [1], start_index_map = [1], index_vector_dim = 1>, slice_sizes = array<i64: 2, 1>, indices_are_sorted = false} : (tensor<2x4xbf16>, tensor<3xi64>) -> tensor<2x3xbf16>
    "func.return"(%0) : (tensor<2x3xbf16>) -> ()
  }
}
