module @finite_f16 {
  func.func public @main(%arg0: tensor<6xf16>) -> (tensor<6xi1>) {
    %0 = "stablehlo.is_finite"(%arg0) : (tensor<6xf16>) -> tensor<6xi1>
    "func.return"(%0) : (tensor<6xi1>) -> ()
  }
}
