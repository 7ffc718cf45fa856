module @convert_bf16_to_f32 {
  func.func public @main(%arg0: tensor<4xbf16>) -> (tensor<4xf32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<4xbf16>) -> tensor<4xf32>
    "func.return"(%0) : (tensor<4xf32>) -> ()
  }
}
