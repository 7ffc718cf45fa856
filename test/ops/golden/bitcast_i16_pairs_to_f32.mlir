module @bitcast_i16_pairs_to_f32 {
  func.func public @main(%arg0: tensor<3x2xi16>) -> (tensor<3xf32>) {
    %0 = "stablehlo.bitcast_convert"(%arg0) : (tensor<3x2xi16>) -> tensor<3xf32>
    "func.return"(%0) : (tensor<3xf32>) -> ()
  }
}
