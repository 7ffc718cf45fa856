module @rem_i8 {
  func.func public @main(%arg0: tensor<12xi8>, %arg1: tensor<12xi8>) -> (tensor<12xi8>) {
    %0 = "stablehlo.remainder"(%arg0, %arg1) : (tensor<12xi8>, tensor<12xi8>) -> tensor<12xi8>
    "func.return"(%0) : (tensor<12xi8>) -> ()
  }
}
