module @reverse_f32_i32 {
  func.func public @main(%arg0: tensor<2x3x4xf32>, %arg1: tensor<5xi32>) -> (tensor<2x3x4xf32>, tensor<5xi32>) {
    %0 = "stablehlo.reverse"(%arg0) {dimensions = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
    %1 = "stablehlo.reverse"(%arg1) {dimensions = array<i64: 0>} : (tensor<5xi32>) -> tensor<5xi32>
    "func.return"(%0, %1) : (tensor<2x3x4xf32>, tensor<5xi32>) -> ()
  }
}
