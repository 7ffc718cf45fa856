module @bitcast_f64_to_u64 {
  func.func public @main(%arg0: tensor<3xf64>) -> (tensor<3xui64>) {
    %0 = "stablehlo.bitcast_convert"(%arg0) : (tensor<3xf64>) -> tensor<3xui64>
    "func.return"(%0) : (tensor<3xui64>) -> ()
  }
}
