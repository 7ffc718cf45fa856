module @grad_slice_strided {
  func.func public @main(%arg0: tensor<4x5xf64>) -> (tensor<2x2xf64>) {
    %0 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 4, 5>, strides = array<i64: 2, 3>} : (tensor<4x5xf64>) -> tensor<2x2xf64>
    "func.return"(%0) : (tensor<2x2xf64>) -> ()
  }
}
