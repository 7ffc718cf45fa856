module @neg_i32 {
  func.func public @main(%arg0: tensor<12xi32>) -> (tensor<12xi32>) {
    %0 = "stablehlo.negate"(%arg0) : (tensor<12xi32>) -> tensor<12xi32>
    "func.return"(%0) : (tensor<12xi32>) -> ()
  }
}
