module @convert_u32_to_i32 {
  func.func public @main(%arg0: tensor<3xui32>) -> (tensor<3xi32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<3xui32>) -> tensor<3xi32>
    "func.return"(%0) : (tensor<3xi32>) -> ()
  }
}
