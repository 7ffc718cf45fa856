module @cond_picks_one_branch {
  func.func public @main(%arg0: tensor<i1>, %arg1: tensor<i1>, %arg2: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>) {
    %0:1 = "stablehlo.if"(%arg0) ({
      %r0 = "stablehlo.negate"(%arg2) : (tensor<3xf64>) -> tensor<3xf64>
      "stablehlo.return"(%r0) : (tensor<3xf64>) -> ()
    }, {
      %r1 = "stablehlo.multiply"(%arg2, %arg2) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
      "stablehlo.return"(%r1) : (tensor<3xf64>) -> ()
    }) : (tensor<i1>) -> (tensor<3xf64>)
    %1:1 = "stablehlo.if"(%arg1) ({
      %r2 = "stablehlo.negate"(%arg2) : (tensor<3xf64>) -> tensor<3xf64>
      "stablehlo.return"(%r2) : (tensor<3xf64>) -> ()
    }, {
      %r3 = "stablehlo.multiply"(%arg2, %arg2) : (tensor<3xf64>, tensor<3xf64>) -> tensor<3xf64>
      "stablehlo.return"(%r3) : (tensor<3xf64>) -> ()
    }) : (tensor<i1>) -> (tensor<3xf64>)
    "func.return"(%0#0, %1#0) : (tensor<3xf64>, tensor<3xf64>) -> ()
  }
}
