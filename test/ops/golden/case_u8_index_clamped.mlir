module @case_u8_index_clamped {
  func.func public @main(%arg0: tensor<ui8>, %arg1: tensor<2xi64>) -> (tensor<2xi64>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<ui8>} : () -> tensor<ui8>
    %1 = "stablehlo.constant"() {value = dense<2> : tensor<ui8>} : () -> tensor<ui8>
    %2 = "stablehlo.clamp"(%0, %arg0, %1) : (tensor<ui8>, tensor<ui8>, tensor<ui8>) -> tensor<ui8>
    %3 = "stablehlo.convert"(%2) : (tensor<ui8>) -> tensor<i32>
    %4:1 = "stablehlo.case"(%3) ({
      "stablehlo.return"(%arg1) : (tensor<2xi64>) -> ()
    }, {
      %r0 = "stablehlo.add"(%arg1, %arg1) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
      "stablehlo.return"(%r0) : (tensor<2xi64>) -> ()
    }, {
      %r1 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
      "stablehlo.return"(%r1) : (tensor<2xi64>) -> ()
    }) : (tensor<i32>) -> (tensor<2xi64>)
    "func.return"(%4#0) : (tensor<2xi64>) -> ()
  }
}
