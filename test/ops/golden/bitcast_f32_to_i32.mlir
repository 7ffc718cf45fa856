module @bitcast_f32_to_i32 {
  func.func public @main(%arg0: tensor<6xf32>) -> (tensor<6xi32>) {
    %0 = "stablehlo.bitcast_convert"(%arg0) : (tensor<6xf32>) -> tensor<6xi32>
    "func.return"(%0) : (tensor<6xi32>) -> ()
  }
}
