module @exp_f64 {
  func.func public @main(%arg0: tensor<16xf64>) -> (tensor<16xf64>) {
    %0 = "stablehlo.exponential"(%arg0) : (tensor<16xf64>) -> tensor<16xf64>
    "func.return"(%0) : (tensor<16xf64>) -> ()
  }
}
