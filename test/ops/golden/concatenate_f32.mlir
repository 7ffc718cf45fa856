module @concatenate_f32 {
  func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x1xf32>, %arg2: tensor<2x0xf32>, %arg3: tensor<2x2xf32>) -> (tensor<2x6xf32>, tensor<4x3xf32>) {
    %0 = "stablehlo.concatenate"(%arg0, %arg1, %arg2, %arg3) {dimension = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x0xf32>, tensor<2x2xf32>) -> tensor<2x6xf32>
    %1 = "stablehlo.concatenate"(%arg0, %arg0) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
    "func.return"(%0, %1) : (tensor<2x6xf32>, tensor<4x3xf32>) -> ()
  }
}
