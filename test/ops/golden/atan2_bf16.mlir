module @atan2_bf16 {
  func.func public @main(%arg0: tensor<14xbf16>, %arg1: tensor<14xbf16>) -> (tensor<14xbf16>) {
    %0 = "stablehlo.atan2"(%arg0, %arg1) : (tensor<14xbf16>, tensor<14xbf16>) -> tensor<14xbf16>
    "func.return"(%0) : (tensor<14xbf16>) -> ()
  }
}
