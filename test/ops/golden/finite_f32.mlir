module @finite_f32 {
  func.func public @main(%arg0: tensor<6xf32>) -> (tensor<6xi1>) {
    %0 = "stablehlo.is_finite"(%arg0) : (tensor<6xf32>) -> tensor<6xi1>
    "func.return"(%0) : (tensor<6xi1>) -> ()
  }
}
