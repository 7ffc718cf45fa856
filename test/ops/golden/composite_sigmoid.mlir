module @composite_sigmoid {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.logistic"(%arg0) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%0) : (tensor<2x4xf64>) -> ()
  }
}
