module @tanh_f32 {
  func.func public @main(%arg0: tensor<16xf32>) -> (tensor<16xf32>) {
    %0 = "stablehlo.tanh"(%arg0) : (tensor<16xf32>) -> tensor<16xf32>
    "func.return"(%0) : (tensor<16xf32>) -> ()
  }
}
