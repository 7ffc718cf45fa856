module @convert_f32_to_u64 {
  func.func public @main(%arg0: tensor<6xf32>) -> (tensor<6xui64>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<6xf32>) -> tensor<6xui64>
    "func.return"(%0) : (tensor<6xui64>) -> ()
  }
}
