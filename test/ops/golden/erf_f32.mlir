module @erf_f32 {
  func.func public @main(%arg0: tensor<18xf32>) -> (tensor<18xf32>) {
    %0 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %1 = "stablehlo.constant"() {value = dense<0x38A5A1E9> : tensor<f32>} : () -> tensor<f32>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %3 = "stablehlo.multiply"(%0, %2) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %4 = "stablehlo.constant"() {value = dense<0xBA525A11> : tensor<f32>} : () -> tensor<f32>
    %5 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %6 = "stablehlo.add"(%3, %5) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %7 = "stablehlo.multiply"(%6, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %8 = "stablehlo.constant"() {value = dense<0x3BAA1143> : tensor<f32>} : () -> tensor<f32>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %10 = "stablehlo.add"(%7, %9) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %11 = "stablehlo.multiply"(%10, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %12 = "stablehlo.constant"() {value = dense<0xBCDBFE9B> : tensor<f32>} : () -> tensor<f32>
    %13 = "stablehlo.broadcast_in_dim"(%12) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %14 = "stablehlo.add"(%11, %13) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %15 = "stablehlo.multiply"(%14, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %16 = "stablehlo.constant"() {value = dense<0x3DE716A0> : tensor<f32>} : () -> tensor<f32>
    %17 = "stablehlo.broadcast_in_dim"(%16) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %18 = "stablehlo.add"(%15, %17) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %19 = "stablehlo.multiply"(%18, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %20 = "stablehlo.constant"() {value = dense<0xBEC093A0> : tensor<f32>} : () -> tensor<f32>
    %21 = "stablehlo.broadcast_in_dim"(%20) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %22 = "stablehlo.add"(%19, %21) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %23 = "stablehlo.multiply"(%22, %0) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %24 = "stablehlo.constant"() {value = dense<0x3F906EBB> : tensor<f32>} : () -> tensor<f32>
    %25 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %26 = "stablehlo.add"(%23, %25) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %27 = "stablehlo.multiply"(%arg0, %26) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %28 = "stablehlo.abs"(%arg0) : (tensor<18xf32>) -> tensor<18xf32>
    %29 = "stablehlo.constant"() {value = dense<6.0> : tensor<f32>} : () -> tensor<f32>
    %30 = "stablehlo.broadcast_in_dim"(%29) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %31 = "stablehlo.minimum"(%28, %30) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %32 = "stablehlo.constant"() {value = dense<0.5> : tensor<f32>} : () -> tensor<f32>
    %33 = "stablehlo.broadcast_in_dim"(%32) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %34 = "stablehlo.multiply"(%31, %33) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %35 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %36 = "stablehlo.broadcast_in_dim"(%35) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %37 = "stablehlo.add"(%34, %36) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %38 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %39 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %40 = "stablehlo.divide"(%39, %37) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %41 = "stablehlo.multiply"(%31, %31) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %42 = "stablehlo.negate"(%41) : (tensor<18xf32>) -> tensor<18xf32>
    %43 = "stablehlo.exponential"(%42) : (tensor<18xf32>) -> tensor<18xf32>
    %44 = "stablehlo.constant"() {value = dense<0xBC694E7C> : tensor<f32>} : () -> tensor<f32>
    %45 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %46 = "stablehlo.multiply"(%40, %45) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %47 = "stablehlo.constant"() {value = dense<0xBCA72546> : tensor<f32>} : () -> tensor<f32>
    %48 = "stablehlo.broadcast_in_dim"(%47) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %49 = "stablehlo.add"(%46, %48) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %50 = "stablehlo.multiply"(%49, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %51 = "stablehlo.constant"() {value = dense<0x3E88097B> : tensor<f32>} : () -> tensor<f32>
    %52 = "stablehlo.broadcast_in_dim"(%51) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %53 = "stablehlo.add"(%50, %52) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %54 = "stablehlo.multiply"(%53, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %55 = "stablehlo.constant"() {value = dense<0xBF0A2099> : tensor<f32>} : () -> tensor<f32>
    %56 = "stablehlo.broadcast_in_dim"(%55) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %57 = "stablehlo.add"(%54, %56) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %58 = "stablehlo.multiply"(%57, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %59 = "stablehlo.constant"() {value = dense<0x3EC03A1B> : tensor<f32>} : () -> tensor<f32>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %61 = "stablehlo.add"(%58, %60) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %62 = "stablehlo.multiply"(%61, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %63 = "stablehlo.constant"() {value = dense<0xBDD6490C> : tensor<f32>} : () -> tensor<f32>
    %64 = "stablehlo.broadcast_in_dim"(%63) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %65 = "stablehlo.add"(%62, %64) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %66 = "stablehlo.multiply"(%65, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %67 = "stablehlo.constant"() {value = dense<0x3E7454EE> : tensor<f32>} : () -> tensor<f32>
    %68 = "stablehlo.broadcast_in_dim"(%67) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %69 = "stablehlo.add"(%66, %68) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %70 = "stablehlo.multiply"(%69, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %71 = "stablehlo.constant"() {value = dense<0x3E6EA0C6> : tensor<f32>} : () -> tensor<f32>
    %72 = "stablehlo.broadcast_in_dim"(%71) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %73 = "stablehlo.add"(%70, %72) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %74 = "stablehlo.multiply"(%73, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %75 = "stablehlo.constant"() {value = dense<0x3E917172> : tensor<f32>} : () -> tensor<f32>
    %76 = "stablehlo.broadcast_in_dim"(%75) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %77 = "stablehlo.add"(%74, %76) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %78 = "stablehlo.multiply"(%77, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %79 = "stablehlo.constant"() {value = dense<0x3E905910> : tensor<f32>} : () -> tensor<f32>
    %80 = "stablehlo.broadcast_in_dim"(%79) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %81 = "stablehlo.add"(%78, %80) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %82 = "stablehlo.multiply"(%81, %40) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %83 = "stablehlo.constant"() {value = dense<0x36CED3E6> : tensor<f32>} : () -> tensor<f32>
    %84 = "stablehlo.broadcast_in_dim"(%83) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %85 = "stablehlo.add"(%82, %84) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %86 = "stablehlo.multiply"(%43, %85) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %87 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %88 = "stablehlo.broadcast_in_dim"(%87) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %89 = "stablehlo.subtract"(%88, %86) : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %90 = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %91 = "stablehlo.broadcast_in_dim"(%90) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %92 = "stablehlo.compare"(%arg0, %91) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xi1>
    %93 = "stablehlo.negate"(%89) : (tensor<18xf32>) -> tensor<18xf32>
    %94 = "stablehlo.select"(%92, %93, %89) : (tensor<18xi1>, tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    %95 = "stablehlo.abs"(%arg0) : (tensor<18xf32>) -> tensor<18xf32>
    %96 = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %97 = "stablehlo.broadcast_in_dim"(%96) {broadcast_dimensions = array<i64>} : (tensor<f32>) -> tensor<18xf32>
    %98 = "stablehlo.compare"(%95, %97) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf32>, tensor<18xf32>) -> tensor<18xi1>
    %99 = "stablehlo.select"(%98, %27, %94) : (tensor<18xi1>, tensor<18xf32>, tensor<18xf32>) -> tensor<18xf32>
    "func.return"(%99) : (tensor<18xf32>) -> ()
  }
}
