module @transpose_bool_size1 {
  func.func public @main(%arg0: tensor<1x1x3xi1>) -> (tensor<3x1x1xi1>) {
    %0 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 2, 0, 1>} : (tensor<1x1x3xi1>) -> tensor<3x1x1xi1>
    "func.return"(%0) : (tensor<3x1x1xi1>) -> ()
  }
}
