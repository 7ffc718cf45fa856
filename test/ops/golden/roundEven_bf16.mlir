module @roundEven_bf16 {
  func.func public @main(%arg0: tensor<16xbf16>) -> (tensor<16xbf16>) {
    %0 = "stablehlo.round_nearest_even"(%arg0) : (tensor<16xbf16>) -> tensor<16xbf16>
    "func.return"(%0) : (tensor<16xbf16>) -> ()
  }
}
