module @iota_f16_1x3_dimm1 {
  func.func public @main(%arg0: tensor<f32>) -> (tensor<1x3xf16>) {
    %0 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<1x3xf16>
    "func.return"(%0) : (tensor<1x3xf16>) -> ()
  }
}
