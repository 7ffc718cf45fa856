module @grad_max_min_ties_split_evenly {
  func.func public @main(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
    %0 = "stablehlo.maximum"(%arg0, %arg1) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    %1 = "stablehlo.minimum"(%arg0, %arg1) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
    "func.return"(%0, %1) : (tensor<3xf64>, tensor<3xf64>) -> ()
  }
}
