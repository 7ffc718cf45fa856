module @convert_bool_to_i32 {
  func.func public @main(%arg0: tensor<2xi1>) -> (tensor<2xi32>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<2xi1>) -> tensor<2xi32>
    "func.return"(%0) : (tensor<2xi32>) -> ()
  }
}
