module @convert_f32_to_f16 {
  func.func public @main(%arg0: tensor<11xf32>) -> (tensor<11xf16>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<11xf32>) -> tensor<11xf16>
    "func.return"(%0) : (tensor<11xf16>) -> ()
  }
}
