module @atan2_f64 {
  func.func public @main(%arg0: tensor<14xf64>, %arg1: tensor<14xf64>) -> (tensor<14xf64>) {
    %0 = "stablehlo.atan2"(%arg0, %arg1) : (tensor<14xf64>, tensor<14xf64>) -> tensor<14xf64>
    "func.return"(%0) : (tensor<14xf64>) -> ()
  }
}
