module @floor_f32 {
  func.func public @main(%arg0: tensor<16xf32>) -> (tensor<16xf32>) {
    %0 = "stablehlo.floor"(%arg0) : (tensor<16xf32>) -> tensor<16xf32>
    "func.return"(%0) : (tensor<16xf32>) -> ()
  }
}
