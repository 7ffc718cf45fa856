module @composite_silu {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.logistic"(%arg0) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %1 = "stablehlo.multiply"(%arg0, %0) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%1) : (tensor<2x4xf64>) -> ()
  }
}
