module @iota_i32_2x3_dim1 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x3xi32>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xi32>
    "func.return"(%0) : (tensor<2x3xi32>) -> ()
  }
}
