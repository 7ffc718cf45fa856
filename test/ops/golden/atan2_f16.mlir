module @atan2_f16 {
  func.func public @main(%arg0: tensor<14xf16>, %arg1: tensor<14xf16>) -> (tensor<14xf16>) {
    %0 = "stablehlo.atan2"(%arg0, %arg1) : (tensor<14xf16>, tensor<14xf16>) -> tensor<14xf16>
    "func.return"(%0) : (tensor<14xf16>) -> ()
  }
}
