module @not_bool {
  func.func public @main(%arg0: tensor<3xi1>) -> (tensor<3xi1>) {
    %0 = "stablehlo.not"(%arg0) : (tensor<3xi1>) -> tensor<3xi1>
    "func.return"(%0) : (tensor<3xi1>) -> ()
  }
}
