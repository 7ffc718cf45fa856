module @sub_i64_bigint_scalar_first {
  func.func public @main(%arg0: tensor<3xi64>) -> (tensor<3xi64>) {
    %0 = "stablehlo.constant"() {value = dense<-9223372036854775808> : tensor<i64>} : () -> tensor<i64>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<i64>) -> tensor<3xi64>
    %2 = "stablehlo.subtract"(%1, %arg0) : (tensor<3xi64>, tensor<3xi64>) -> tensor<3xi64>
    "func.return"(%2) : (tensor<3xi64>) -> ()
  }
}
