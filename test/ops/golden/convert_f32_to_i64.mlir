module @convert_f32_to_i64 {
  func.func public @main(%arg0: tensor<7xf32>) -> (tensor<7xi64>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<7xf32>) -> tensor<7xi64>
    "func.return"(%0) : (tensor<7xi64>) -> ()
  }
}
