module @erf_bf16 {
  func.func public @main(%arg0: tensor<18xbf16>) -> (tensor<18xbf16>) {
    %0 = "stablehlo.convert"(%arg0) : (tensor<18xbf16>) -> tensor<18xf32>
    %1 = "stablehlo.multiply"(%0, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %2 = "stablehlo.constant"() {value = dense<0x38A5A1E9> : tensor<f32>} : () -> tensor<f32>
    %3 = "stablehlo.broadcast_in_dim"(%2) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %4 = "stablehlo.multiply"(%1, %3) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %5 = "stablehlo.constant"() {value = dense<0xBA525A11> : tensor<f32>} : () -> tensor<f32>
    %6 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %7 = "stablehlo.add"(%4, %6) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %8 = "stablehlo.multiply"(%7, %1) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %9 = "stablehlo.constant"() {value = dense<0x3BAA1143> : tensor<f32>} : () -> tensor<f32>
    %10 = "stablehlo.broadcast_in_dim"(%9) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %11 = "stablehlo.add"(%8, %10) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %12 = "stablehlo.multiply"(%11, %1) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %13 = "stablehlo.constant"() {value = dense<0xBCDBFE9B> : tensor<f32>} : () -> tensor<f32>
    %14 = "stablehlo.broadcast_in_dim"(%13) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %15 = "stablehlo.add"(%12, %14) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %16 = "stablehlo.multiply"(%15, %1) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %17 = "stablehlo.constant"() {value = dense<0x3DE716A0> : tensor<f32>} : () -> tensor<f32>
    %18 = "stablehlo.broadcast_in_dim"(%17) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %19 = "stablehlo.add"(%16, %18) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %20 = "stablehlo.multiply"(%19, %1) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %21 = "stablehlo.constant"() {value = dense<0xBEC093A0> : tensor<f32>} : () -> tensor<f32>
    %22 = "stablehlo.broadcast_in_dim"(%21) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %23 = "stablehlo.add"(%20, %22) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %24 = "stablehlo.multiply"(%23, %1) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %25 = "stablehlo.constant"() {value = dense<0x3F906EBB> : tensor<f32>} : () -> tensor<f32>
    %26 = "stablehlo.broadcast_in_dim"(%25) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %27 = "stablehlo.add"(%24, %26) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %28 = "stablehlo.multiply"(%0, %27) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %29 = "stablehlo.abs"(%0) : (tensor<18xf32>) -> tensor<18xf32>
    %30 = "stablehlo.constant"() {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %32 = "stablehlo.minimum"(%29, %31) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %33 = "stablehlo.constant"() {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
    %34 = "stablehlo.broadcast_in_dim"(%33) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %35 = "stablehlo.multiply"(%32, %34) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %36 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %38 = "stablehlo.add"(%35, %37) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %39 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %40 = "stablehlo.broadcast_in_dim"(%39) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %41 = "stablehlo.divide"(%40, %38) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %42 = "stablehlo.multiply"(%32, %32) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %43 = "stablehlo.negate"(%42) : (tensor<18xf32>) -> tensor<18xf32>
    %44 = "stablehlo.exponential"(%43) : (tensor<18xf32>) -> tensor<18xf32>
    %45 = "stablehlo.constant"() {value = dense<0xBC694E7C> : tensor<f32>} : () -> tensor<f32>
    %46 = "stablehlo.broadcast_in_dim"(%45) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %47 = "stablehlo.multiply"(%41, %46) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %48 = "stablehlo.constant"() {value = dense<0xBCA72546> : tensor<f32>} : () -> tensor<f32>
    %49 = "stablehlo.broadcast_in_dim"(%48) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %50 = "stablehlo.add"(%47, %49) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %51 = "stablehlo.multiply"(%50, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %52 = "stablehlo.constant"() {value = dense<0x3E88097B> : tensor<f32>} : () -> tensor<f32>
    %53 = "stablehlo.broadcast_in_dim"(%52) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %54 = "stablehlo.add"(%51, %53) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %55 = "stablehlo.multiply"(%54, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %56 = "stablehlo.constant"() {value = dense<0xBF0A2099> : tensor<f32>} : () -> tensor<f32>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %58 = "stablehlo.add"(%55, %57) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %59 = "stablehlo.multiply"(%58, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %60 = "stablehlo.constant"() {value = dense<0x3EC03A1B> : tensor<f32>} : () -> tensor<f32>
    %61 = "stablehlo.broadcast_in_dim"(%60) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %62 = "stablehlo.add"(%59, %61) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %63 = "stablehlo.multiply"(%62, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %64 = "stablehlo.constant"() {value = dense<0xBDD6490C> : tensor<f32>} : () -> tensor<f32>
    %65 = "stablehlo.broadcast_in_dim"(%64) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %66 = "stablehlo.add"(%63, %65) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %67 = "stablehlo.multiply"(%66, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %68 = "stablehlo.constant"() {value = dense<0x3E7454EE> : tensor<f32>} : () -> tensor<f32>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %70 = "stablehlo.add"(%67, %69) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %71 = "stablehlo.multiply"(%70, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %72 = "stablehlo.constant"() {value = dense<0x3E6EA0C6> : tensor<f32>} : () -> tensor<f32>
    %73 = "stablehlo.broadcast_in_dim"(%72) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %74 = "stablehlo.add"(%71, %73) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %75 = "stablehlo.multiply"(%74, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %76 = "stablehlo.constant"() {value = dense<0x3E917172> : tensor<f32>} : () -> tensor<f32>
    %77 = "stablehlo.broadcast_in_dim"(%76) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %78 = "stablehlo.add"(%75, %77) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %79 = "stablehlo.multiply"(%78, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %80 = "stablehlo.constant"() {value = dense<0x3E905910> : tensor<f32>} : () -> tensor<f32>
    %81 = "stablehlo.broadcast_in_dim"(%80) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %82 = "stablehlo.add"(%79, %81) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %83 = "stablehlo.multiply"(%82, %41) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %84 = "stablehlo.constant"() {value = dense<0x36CED3E6> : tensor<f32>} : () -> tensor<f32>
    %85 = "stablehlo.broadcast_in_dim"(%84) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %86 = "stablehlo.add"(%83, %85) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %87 = "stablehlo.multiply"(%44, %86) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %88 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %89 = "stablehlo.broadcast_in_dim"(%88) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %90 = "stablehlo.subtract"(%89, %87) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %91 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %92 = "stablehlo.broadcast_in_dim"(%91) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %93 = "stablehlo.compare"(%0, %92) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xi1>
    %94 = "stablehlo.negate"(%90) : (tensor<18xf32>) -> tensor<18xf32>
    %95 = "stablehlo.select"(%93, %94, %90) : (tensor<18xi1>, tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %96 = "stablehlo.abs"(%0) : (tensor<18xf32>) -> tensor<18xf32>
    %97 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %98 = "stablehlo.broadcast_in_dim"(%97) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %99 = "stablehlo.compare"(%96, %98) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xi1>
    %100 = "stablehlo.select"(%99, %28, %95) : (tensor<18xi1>, tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %101 = "stablehlo.convert"(%100) : (tensor<18xf32>) -> tensor<18xbf16>
    "func.return"(%101) : (tensor<18xbf16>) -> ()
  }
}
