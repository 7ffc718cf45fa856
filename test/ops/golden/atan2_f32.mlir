module @atan2_f32 {
  func.func public @main(%arg0: tensor<14xf32>, %arg1: tensor<14xf32>) -> (tensor<14xf32>) {
    %0 = "stablehlo.atan2"(%arg0, %arg1) : (tensor<14xf32>, tensor<14xf32>) -> tensor<14xf32>
    "func.return"(%0) : (tensor<14xf32>) -> ()
  }
}
