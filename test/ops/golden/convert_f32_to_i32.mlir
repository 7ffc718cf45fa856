module @convert_f32_to_i32 {
  func.func public @main(%arg0: tensor<10xf32>) -> (tensor<10xi32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<10xf32>) -> tensor<10xi32>
    "func.return"(%0) : (tensor<10xi32>) -> ()
  }
}
