module @iota_f32_3x2_dim0 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<3x2xf32>) {
    %0 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<3x2xf32>
    "func.return"(%0) : (tensor<3x2xf32>) -> ()
  }
}
