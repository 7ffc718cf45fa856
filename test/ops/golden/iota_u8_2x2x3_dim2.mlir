module @iota_u8_2x2x3_dim2 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<2x2x3xui8>) {
    %0 = "stablehlo.iota"() {iota_dimension = 2 : i64} : () -> tensor<2x2x3xui8>
    "func.return"(%0) : (tensor<2x2x3xui8>) -> ()
  }
}
