module @convert_f32_to_bf16 {
  func.func public @main(%arg0: tensor<8xf32>) -> (tensor<8xbf16>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<8xf32>) -> tensor<8xbf16>
    "func.return"(%0) : (tensor<8xbf16>) -> ()
  }
}
