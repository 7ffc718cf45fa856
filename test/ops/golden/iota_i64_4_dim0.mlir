module @iota_i64_4_dim0 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<4xi64>) {
    %0 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xi64>
    "func.return"(%0) : (tensor<4xi64>) -> ()
  }
}
