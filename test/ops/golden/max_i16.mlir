module @max_i16 {
  func.func public @main(%arg0: tensor<12xi16>, %arg1: tensor<12xi16>) -> (tensor<12xi16>) {
    %0 = "stablehlo.maximum"(%arg0, %arg1) : (tensor<12xi16>, tensor<12xi16>) -> tensor<12xi16>
    "func.return"(%0) : (tensor<12xi16>) -> ()
  }
}
