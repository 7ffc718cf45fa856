module @convert_i64_to_f64 {
  func.func public @main(%arg0: tensor<3xi64>) -> (tensor<3xf64>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<3xi64>) -> tensor<3xf64>
    "func.return"(%0) : (tensor<3xf64>) -> ()
  }
}
