module @convert_i32_to_bool {
  func.func public @main(%arg0: tensor<4xi32>) -> (tensor<4xi1>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<4xi32>) -> tensor<4xi1>
    "func.return"(%0) : (tensor<4xi1>) -> ()
  }
}
