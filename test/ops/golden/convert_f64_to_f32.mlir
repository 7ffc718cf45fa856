module @convert_f64_to_f32 {
  func.func public @main(%arg0: tensor<6xf64>) -> (tensor<6xf32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<6xf64>) -> tensor<6xf32>
    "func.return"(%0) : (tensor<6xf32>) -> ()
  }
}
