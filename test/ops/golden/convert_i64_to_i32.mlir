module @convert_i64_to_i32 {
  func.func public @main(%arg0: tensor<4xi64>) -> (tensor<4xi32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<4xi64>) -> tensor<4xi32>
    "func.return"(%0) : (tensor<4xi32>) -> ()
  }
}
