module @iota_bf16_5_dim0 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<5xbf16>) {
    %0 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<5xbf16>
    "func.return"(%0) : (tensor<5xbf16>) -> ()
  }
}
