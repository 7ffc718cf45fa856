module @div_i32 {
  func.func public @main(%arg0: tensor<12xi32>, %arg1: tensor<12xi32>) -> (tensor<12xi32>) {
    %0 = "stablehlo.divide"(%arg0, %arg1) : (tensor<12xi32>, tensor<12xi32>) -> tensor<12xi32>
    "func.return"(%0) : (tensor<12xi32>) -> ()
  }
}
