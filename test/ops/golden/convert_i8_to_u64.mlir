module @convert_i8_to_u64 {
  func.func public @main(%arg0: tensor<4xi8>) -> (tensor<4xui64>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<4xi8>) -> tensor<4xui64>
    "func.return"(%0) : (tensor<4xui64>) -> ()
  }
}
