module @composite_einsum_ij_to_ji {
  func.func public @main(%arg0: tensor<2x3xf64>) -> (tensor<3x2xf64>) {
    %0 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 1, 0>} : (tensor<2x3xf64>) -> tensor<3x2xf64>
    "func.return"(%0) : (tensor<3x2xf64>) -> ()
  }
}
