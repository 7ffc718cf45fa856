module @convert_f32_to_bool {
  func.func public @main(%arg0: tensor<5xf32>) -> (tensor<5xi1>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<5xf32>) -> tensor<5xi1>
    "func.return"(%0) : (tensor<5xi1>) -> ()
  }
}
