module @log_f64_size1_dims {
  func.func public @main(%arg0: tensor<1x1x1xf64>) -> (tensor<1x1x1xf64>) {
    %0 = "stablehlo.log"(%arg0) : (tensor<1x1x1xf64>) -> tensor<1x1x1xf64>
    "func.return"(%0) : (tensor<1x1x1xf64>) -> ()
  }
}
