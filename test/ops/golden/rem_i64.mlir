module @rem_i64 {
  func.func public @main(%arg0: tensor<12xi64>, %arg1: tensor<12xi64>) -> (tensor<12xi64>) {
    %0 = "stablehlo.remainder"(%arg0, %arg1) : (tensor<12xi64>, tensor<12xi64>) -> tensor<12xi64>
    "func.return"(%0) : (tensor<12xi64>) -> ()
  }
}
