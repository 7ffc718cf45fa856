module @case_index_out_of_range_runs_last {
  func.func public @main(%arg0: tensor<i32>, %arg1: tensor<2xi64>) -> (tensor<2xi64>) {
    %0:1 = "stablehlo.case"(%arg0) ({
      "stablehlo.return"(%arg1) : (tensor<2xi64>) -> ()
    }, {
      %r0 = "stablehlo.add"(%arg1, %arg1) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
      "stablehlo.return"(%r0) : (tensor<2xi64>) -> ()
    }, {
      %r1 = "stablehlo.multiply"(%arg1, %arg1) : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
      "stablehlo.return"(%r1) : (tensor<2xi64>) -> ()
    }) : (tensor<i32>) -> (tensor<2xi64>)
    "func.return"(%0#0) : (tensor<2xi64>) -> ()
  }
}
