module @sign_i32 {
  func.func public @main(%arg0: tensor<12xi32>) -> (tensor<12xi32>) {
    %0 = "stablehlo.sign"(%arg0) : (tensor<12xi32>) -> tensor<12xi32>
    "func.return"(%0) : (tensor<12xi32>) -> ()
  }
}
