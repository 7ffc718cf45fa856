module @scatter_batching_mul_f64 {
  func.func public @main(%arg0: tensor<2x3xf64>, %arg1: tensor<2x2xi32>, %arg2: tensor<2x2xf64>) -> (tensor<2x3xf64>) {
    %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
    ^bb0(%cur0: tensor<f64>, %upd1: tensor<f64>):
      %new2 = "stablehlo.multiply"(%cur0, %upd1) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%new2) : (tensor<f64>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [1], input_batching_dims = [0], scatter_indices_batching_dims = [0], scatter_dims_to_operand_dims = [1], index_vector_dim = 2>, indices_are_sorted = false, unique_indices = false} : (tensor<2x3xf64>, tensor<2x2xi32>, tensor<2x2xf64>) -> tensor<2x3xf64>
    "func.return"(%0) : (tensor<2x3xf64>) -> ()
  }
}
