module @tanh_f16 {
  func.func public @main(%arg0: tensor<16xf16>) -> (tensor<16xf16>) {
    %0 = "stablehlo.tanh"(%arg0) : (tensor<16xf16>) -> tensor<16xf16>
    "func.return"(%0) : (tensor<16xf16>) -> ()
  }
}
