module @convert_f32_to_i8 {
  func.func public @main(%arg0: tensor<5xf32>) -> (tensor<5xi8>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<5xf32>) -> tensor<5xi8>
    "func.return"(%0) : (tensor<5xi8>) -> ()
  }
}
