module @convert_f32_to_u32 {
  func.func public @main(%arg0: tensor<5xf32>) -> (tensor<5xui32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<5xf32>) -> tensor<5xui32>
    "func.return"(%0) : (tensor<5xui32>) -> ()
  }
}
