module @iota_u64_0x3_dim1 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<0x3xui64>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<0x3xui64>
    "func.return"(%0) : (tensor<0x3xui64>) -> ()
  }
}
