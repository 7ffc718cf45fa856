module @convert_i32_to_f32 {
  func.func public @main(%arg0: tensor<5xi32>) -> (tensor<5xf32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<5xi32>) -> tensor<5xf32>
    "func.return"(%0) : (tensor<5xf32>) -> ()
  }
}
