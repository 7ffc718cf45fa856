module @reshape_f32 {
  func.func public @main(%arg0: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<24xf32>, tensor<3x1x8xf32>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
    %1 = "stablehlo.reshape"(%arg0) : (tensor<2x3x4xf32>) -> tensor<24xf32>
    %2 = "stablehlo.reshape"(%arg0) : (tensor<2x3x4xf32>) -> tensor<3x1x8xf32>
    "func.return"(%0, %1, %2) : (tensor<4x6xf32>, tensor<24xf32>, tensor<3x1x8xf32>) -> ()
  }
}
