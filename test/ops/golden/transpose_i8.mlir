module @transpose_i8 {
  func.func public @main(%arg0: tensor<2x3x4xi8>) -> (tensor<4x2x3xi8>, tensor<4x3x2xi8>) {
    %0 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 2, 0, 1>} : (tensor<2x3x4xi8>) -> tensor<4x2x3xi8>
    %1 = "stablehlo.transpose"(%arg0) {permutation = array<i64: 2, 1, 0>} : (tensor<2x3x4xi8>) -> tensor<4x3x2xi8>
    "func.return"(%0, %1) : (tensor<4x2x3xi8>, tensor<4x3x2xi8>) -> ()
  }
}
