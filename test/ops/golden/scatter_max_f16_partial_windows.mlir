module @scatter_max_f16_partial_windows {
  func.func public @main(%arg0: tensor<5xf16>, %arg1: tensor<3x1xi64>, %arg2: tensor<3x2xf16>) -> (tensor<5xf16>) {
    %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
    ^bb0(%cur0: tensor<f16>, %upd1: tensor<f16>):
      %new2 = "stablehlo.maximum"(%cur0, %upd1) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%new2) : (tensor<f16>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, indices_are_sorted = false, unique_indices = false} : (tensor<5xf16>, tensor<3x1xi64>, tensor<3x2xf16>) -> tensor<5xf16>
    "func.return"(%0) : (tensor<5xf16>) -> ()
  }
}
