module @for_loop_counter_and_int_carry_f64 {
  func.func public @main(%arg0: tensor<2xf64>, %arg1: tensor<i32>) -> (tensor<2xf64>, tensor<i32>, tensor<2xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %1:3 = "stablehlo.while"(%0, %arg0, %arg1) ({
    ^bb0(%c0: tensor<i32>, %c1: tensor<2xf64>, %c2: tensor<i32>):
      %r3 = "stablehlo.constant"() {value = dense<3> : tensor<i32>} : () -> tensor<i32>
      %r4 = "stablehlo.compare"(%c0, %r3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%r4) : (tensor<i1>) -> ()
    }, {
    ^bb0(%b5: tensor<i32>, %b6: tensor<2xf64>, %b7: tensor<i32>):
      %r8 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %r9 = "stablehlo.add"(%b5, %r8) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %r10 = "stablehlo.add"(%b5, %b7) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %r11 = "stablehlo.convert"(%r10) : (tensor<i32>) -> tensor<f64>
      %r12 = "stablehlo.broadcast_in_dim"(%r11) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2xf64>
      %r13 = "stablehlo.multiply"(%b6, %r12) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
      %r14 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %r15 = "stablehlo.add"(%b7, %r14) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%r9, %r13, %r15) : (tensor<i32>, tensor<2xf64>, tensor<i32>) -> ()
    }) : (tensor<i32>, tensor<2xf64>, tensor<i32>) -> (tensor<i32>, tensor<2xf64>, tensor<i32>)
    %2 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %3:2 = "stablehlo.while"(%2, %arg0) ({
    ^bb0(%c16: tensor<i32>, %c17: tensor<2xf64>):
      %r18 = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
      %r19 = "stablehlo.compare"(%c16, %r18) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%r19) : (tensor<i1>) -> ()
    }, {
    ^bb0(%b20: tensor<i32>, %b21: tensor<2xf64>):
      %r22 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %r23 = "stablehlo.add"(%b20, %r22) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %r24 = "stablehlo.constant"() {value = dense<2.0> : tensor<f64>} : () -> tensor<f64>
      %r25 = "stablehlo.broadcast_in_dim"(%r24) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2xf64>
      %r26 = "stablehlo.multiply"(%b21, %r25) : (tensor<2xf64>, tensor<2xf64>) -> tensor<2xf64>
      "stablehlo.return"(%r23, %r26) : (tensor<i32>, tensor<2xf64>) -> ()
    }) : (tensor<i32>, tensor<2xf64>) -> (tensor<i32>, tensor<2xf64>)
    "func.return"(%1#1, %1#2, %3#1) : (tensor<2xf64>, tensor<i32>, tensor<2xf64>) -> ()
  }
}
