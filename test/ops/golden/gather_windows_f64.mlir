module @gather_windows_f64 {
  func.func public @main(%arg0: tensor<4x5xf64>, %arg1: tensor<2x3xi32>) -> (tensor<2x3x3xf64>) {
    %0 = "stablehlo.gather"(%arg0, %arg1) {dimension_numbers = #stablehlo.gather<offset_dims = [0, 2], start_index_map = [1, 0], index_vector_dim = 0>, slice_sizes = array<i64: 2, 3>, indices_are_sorted = false} : (tensor<4x5xf64>, tensor<2x3xi32>) -> tensor<2x3x3xf64>
    "func.return"(%0) : (tensor<2x3x3xf64>) -> ()
  }
}
