module @random_bits_deterministic_and_uniform_in_range {
  func.func public @main(%arg0: tensor<2xui64>) -> (tensor<16xi1>, tensor<64xi1>, tensor<3xi1>) {
    %0:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<16xui32>)
    %1:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<16xui32>)
    %2:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<64xui32>)
    %3 = "stablehlo.constant"() {value = dense<256> : tensor<ui32>} : () -> tensor<ui32>
    %4 = "stablehlo.broadcast_in_dim"(%3) {broadcast_dimensions = array<i64>} : (tensor<ui32>) -> tensor<64xui32>
    %5 = "stablehlo.divide"(%2#1, %4) : (tensor<64xui32>, tensor<64xui32>) -> tensor<64xui32>
    %6 = "stablehlo.convert"(%5) : (tensor<64xui32>) -> tensor<64xf32>
    %7 = "stablehlo.constant"() {value = dense<0x33800000> : tensor<f32>} : () -> tensor<f32>
    %8 = "stablehlo.broadcast_in_dim"(%7) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<64xf32>
    %9 = "stablehlo.multiply"(%6, %8) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    %10 = "stablehlo.constant"() {value = dense<4.0> : tensor<f32>} : () -> tensor<f32>
    %11 = "stablehlo.broadcast_in_dim"(%10) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<64xf32>
    %12 = "stablehlo.multiply"(%9, %11) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    %13 = "stablehlo.constant"() {value = dense<-1.0> : tensor<f32>} : () -> tensor<f32>
    %14 = "stablehlo.broadcast_in_dim"(%13) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<64xf32>
    %15 = "stablehlo.add"(%12, %14) : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xf32>
    %16:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm PHILOX>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3xui64>)
    %17:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm PHILOX>} : (tensor<2xui64>) -> (tensor<2xui64>, tensor<3xui64>)
    %18 = "stablehlo.compare"(%0#1, %1#1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<16xui32>, tensor<16xui32>) -> tensor<16xi1>
    %19 = "stablehlo.constant"() {value = dense<-1.0> : tensor<f32>} : () -> tensor<f32>
    %20 = "stablehlo.broadcast_in_dim"(%19) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<64xf32>
    %21 = "stablehlo.compare"(%15, %20) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xi1>
    %22 = "stablehlo.constant"() {value = dense<3.0> : tensor<f32>} : () -> tensor<f32>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<64xf32>
    %24 = "stablehlo.compare"(%15, %23) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<64xf32>, tensor<64xf32>) -> tensor<64xi1>
    %25 = "stablehlo.and"(%21, %24) : (tensor<64xi1>, tensor<64xi1>) -> tensor<64xi1>
    %26 = "stablehlo.compare"(%16#1, %17#1) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<3xui64>, tensor<3xui64>) -> tensor<3xi1>
    "func.return"(%18, %25, %26) : (tensor<16xi1>, tensor<64xi1>, tensor<3xi1>) -> ()
  }
}
