module @exp_f32_empty {
  func.func public @main(%arg0: tensor<0x3xf32>) -> (tensor<0x3xf32>) {
    %0 = "stablehlo.exponential"(%arg0) : (tensor<0x3xf32>) -> tensor<0x3xf32>
    "func.return"(%0) : (tensor<0x3xf32>) -> ()
  }
}
