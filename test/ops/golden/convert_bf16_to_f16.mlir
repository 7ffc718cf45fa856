module @convert_bf16_to_f16 {
  func.func public @main(%arg0: tensor<4xbf16>) -> (tensor<4xf16>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<4xbf16>) -> tensor<4xf16>
    "func.return"(%0) : (tensor<4xf16>) -> ()
  }
}
