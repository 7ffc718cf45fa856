module @bitcast_f32_to_u8_pieces {
  func.func public @main(%arg0: tensor<2x2xf32>) -> (tensor<2x2x4xui8>) {
    %0 = "stablehlo.bitcast_convert"(%arg0) : (tensor<2x2xf32>) -> tensor<2x2x4xui8>
    "func.return"(%0) : (tensor<2x2x4xui8>) -> ()
  }
}
