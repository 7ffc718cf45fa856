module @sort_f16_total_order {
  func.func public @main(%arg0: tensor<2x6xf16>) -> (tensor<2x6xf16>, tensor<2x6xf16>) {
    %0:1 = "stablehlo.sort"(%arg0) ({
    ^bb0(%l0: tensor<f16>, %r1: tensor<f16>):
      %c2 = "stablehlo.compare"(%l0, %r1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type TOTALORDER>} : (tensor<f16>, tensor<f16>) -> tensor<i1>
      "stablehlo.return"(%c2) : (tensor<i1>) -> ()
    }) {dimension = 1 : i64, is_stable = true} : (tensor<2x6xf16>) -> (tensor<2x6xf16>)
    %1:1 = "stablehlo.sort"(%arg0) ({
    ^bb0(%l3: tensor<f16>, %r4: tensor<f16>):
      %c5 = "stablehlo.compare"(%l3, %r4) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type TOTALORDER>} : (tensor<f16>, tensor<f16>) -> tensor<i1>
      "stablehlo.return"(%c5) : (tensor<i1>) -> ()
    }) {dimension = 0 : i64, is_stable = true} : (tensor<2x6xf16>) -> (tensor<2x6xf16>)
    "func.return"(%0#0, %1#0) : (tensor<2x6xf16>, tensor<2x6xf16>) -> ()
  }
}
