module @while_power_of_two_loop {
  func.func public @main(%arg0: tensor<i32>, %arg1: tensor<2xf32>, %arg2: tensor<i32>) -> (tensor<i32>, tensor<2xf32>, tensor<i32>) {
    %0:3 = "stablehlo.while"(%arg0, %arg1, %arg2) ({
    ^bb0(%c0: tensor<i32>, %c1: tensor<2xf32>, %c2: tensor<i32>):
      %r3 = "stablehlo.compare"(%c0, %c2) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%r3) : (tensor<i1>) -> ()
    }, {
    ^bb0(%b4: tensor<i32>, %b5: tensor<2xf32>, %b6: tensor<i32>):
      %r7 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %r8 = "stablehlo.add"(%b4, %r7) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %r9 = "stablehlo.constant"() {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
      %r10 = "stablehlo.broadcast_in_dim"(%r9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<2xf32>
      %r11 = "stablehlo.multiply"(%b5, %r10) : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
      "stablehlo.return"(%r8, %r11, %b6) : (tensor<i32>, tensor<2xf32>, tensor<i32>) -> ()
    }) : (tensor<i32>, tensor<2xf32>, tensor<i32>) -> (tensor<i32>, tensor<2xf32>, tensor<i32>)
    "func.return"(%0#0, %0#1, %0#2) : (tensor<i32>, tensor<2xf32>, tensor<i32>) -> ()
  }
}
