module @add_i64_empty {
  func.func public @main(%arg0: tensor<2x0xi64>, %arg1: tensor<2x0xi64>) -> (tensor<2x0xi64>) {
    %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2x0xi64>, tensor<2x0xi64>) -> tensor<2x0xi64>
    "func.return"(%0) : (tensor<2x0xi64>) -> ()
  }
}
