module @for_loop_recurrence_f64 {
  func.func public @main(%arg0: tensor<2xf64>, %arg1: tensor<2x2xf64>, %arg2: tensor<2xf64>) -> (tensor<2xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1:4 = "stablehlo.while"(%0, %arg0, %arg1, %arg2) ({
    ^bb0(%c0: tensor<i32>, %c1: tensor<2xf64>, %c2: tensor<2x2xf64>, %c3: tensor<2xf64>):
      %r4 = "stablehlo.constant"() {value = dense<4> : tensor<i32>} : () -> tensor<i32>
      %r5 = "stablehlo.compare"(%c0, %r4) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%r5) : (tensor<i1>) -> ()
    }, {
    ^bb0(%b6: tensor<i32>, %b7: tensor<2xf64>, %b8: tensor<2x2xf64>, %b9: tensor<2xf64>):
      %r10 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %r11 = "stablehlo.add"(%b6, %r10) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %r12 = "stablehlo.reshape"(%b7) : (tensor<2xf64>) -> tensor<1x2xf64>
      %r13 = "stablehlo.dot_general"(%r12, %b8) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<1x2xf64>, tensor<2x2xf64>) -> tensor<1x2xf64>
      %r14 = "stablehlo.reshape"(%r13) : (tensor<1x2xf64>) -> tensor<2xf64>
      %r15 = "stablehlo.add"(%r14, %b9) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
      %r16 = "stablehlo.tanh"(%r15) : (tensor<2xf64>) -> tensor<2xf64>
      "stablehlo.return"(%r11, %r16, %b8, %b9) : (tensor<i32>, tensor<2xf64>, tensor<2x2xf64>, tensor<2xf64>) -> ()
    }) : (tensor<i32>, tensor<2xf64>, tensor<2x2xf64>, tensor<2xf64>) -> (tensor<i32>, tensor<2xf64>, tensor<2x2xf64>, tensor<2xf64>)
    "func.return"(%1#1) : (tensor<2xf64>) -> ()
  }
}
