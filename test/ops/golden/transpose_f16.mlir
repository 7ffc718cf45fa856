module @transpose_f16 {
  func.func public @main(%arg0: tensor<2x3x4xf16>) -> (tensor<4x2x3xf16>, tensor<4x3x2xf16>) {
    %0 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xf16>) -> tensor<4x2x3xf16>
    %1 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 2, 1, 0>} : (tensor<2x3x4xf16>) -> tensor<4x3x2xf16>
    "func.return"(%0, %1) : (tensor<4x2x3xf16>, tensor<4x3x2xf16>) -> ()
  }
}
