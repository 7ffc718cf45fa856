module @slice_i64_3d {
  func.func public @main(%arg0: tensor<3x4x5xi64>) -> (tensor<2x2x2xi64>) {
    %0 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0, 1, 1>, limit_indices = array<i64: 3, 4, 5>, strides = array<i64: 2, 2, 3>} : (tensor<3x4x5xi64>) -> tensor<2x2x2xi64>
    "func.return"(%0) : (tensor<2x2x2xi64>) -> ()
  }
}
