module @abs_bf16 {
  func.func public @main(%arg0: tensor<16xbf16>) -> (tensor<16xbf16>) {
    %0 = "stablehlo.abs"(%arg0) : (tensor<16xbf16>) -> tensor<16xbf16>
    "func.return"(%0) : (tensor<16xbf16>) -> ()
  }
}
