module @grad_reshape_transpose_3d {
  func.func public @main(%arg0: tensor<2x6xf64>) -> (tensor<2x2x3xf64>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<2x6xf64>) -> tensor<2x3x2xf64>
    %1 = "stablehlo.transpose"(%0) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x2xf64>) -> tensor<2x2x3xf64>
    "func.return"(%1) : (tensor<2x2x3xf64>) -> ()
  }
}
