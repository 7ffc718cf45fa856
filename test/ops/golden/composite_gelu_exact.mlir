module @composite_gelu_exact {
  func.func public @main(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>) {
    %0 = "stablehlo.constant"() {value = dense<0.5> : tensor<f64>} : () -> tensor<f64>
    %1 = "stablehlo.broadcast_in_dim"(%0) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %2 = "stablehlo.multiply"(%arg0, %1) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %3 = "stablehlo.constant"() {value = dense<0x3FE6A09E667F3BCD> : tensor<f64>} : () -> tensor<f64>
    %4 = "stablehlo.broadcast_in_dim"(%3) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %5 = "stablehlo.multiply"(%arg0, %4) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %6 = "stablehlo.multiply"(%5, %5) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %7 = "stablehlo.constant"() {value = dense<0xBDED806D723B3417> : tensor<f64>} : () -> tensor<f64>
    %8 = "stablehlo.broadcast_in_dim"(%7) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %9 = "stablehlo.multiply"(%6, %8) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %10 = "stablehlo.constant"() {value = dense<0x3DFD9B1093119549> : tensor<f64>} : () -> tensor<f64>
    %11 = "stablehlo.broadcast_in_dim"(%10) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %12 = "stablehlo.add"(%9, %11) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %13 = "stablehlo.multiply"(%12, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %14 = "stablehlo.constant"() {value = dense<0x3E471536376F9C03> : tensor<f64>} : () -> tensor<f64>
    %15 = "stablehlo.broadcast_in_dim"(%14) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %16 = "stablehlo.add"(%13, %15) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %17 = "stablehlo.multiply"(%16, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %18 = "stablehlo.constant"() {value = dense<0xBE8532168B269394> : tensor<f64>} : () -> tensor<f64>
    %19 = "stablehlo.broadcast_in_dim"(%18) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %20 = "stablehlo.add"(%17, %19) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %21 = "stablehlo.multiply"(%20, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %22 = "stablehlo.constant"() {value = dense<0x3EBB8854C7862C29> : tensor<f64>} : () -> tensor<f64>
    %23 = "stablehlo.broadcast_in_dim"(%22) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %24 = "stablehlo.add"(%21, %23) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %25 = "stablehlo.multiply"(%24, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %26 = "stablehlo.constant"() {value = dense<0xBEEF4B8494E007A4> : tensor<f64>} : () -> tensor<f64>
    %27 = "stablehlo.broadcast_in_dim"(%26) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %28 = "stablehlo.add"(%25, %27) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %29 = "stablehlo.multiply"(%28, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %30 = "stablehlo.constant"() {value = dense<0x3F1F9A1E0563CD66> : tensor<f64>} : () -> tensor<f64>
    %31 = "stablehlo.broadcast_in_dim"(%30) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %32 = "stablehlo.add"(%29, %31) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %33 = "stablehlo.multiply"(%32, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %34 = "stablehlo.constant"() {value = dense<0xBF4C02DA98F75495> : tensor<f64>} : () -> tensor<f64>
    %35 = "stablehlo.broadcast_in_dim"(%34) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %36 = "stablehlo.add"(%33, %35) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %37 = "stablehlo.multiply"(%36, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %38 = "stablehlo.constant"() {value = dense<0x3F7565BCCD8D50AF> : tensor<f64>} : () -> tensor<f64>
    %39 = "stablehlo.broadcast_in_dim"(%38) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %40 = "stablehlo.add"(%37, %39) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %41 = "stablehlo.multiply"(%40, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %42 = "stablehlo.constant"() {value = dense<0xBF9B82CE311490FB> : tensor<f64>} : () -> tensor<f64>
    %43 = "stablehlo.broadcast_in_dim"(%42) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %44 = "stablehlo.add"(%41, %43) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %45 = "stablehlo.multiply"(%44, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %46 = "stablehlo.constant"() {value = dense<0x3FBCE2F21A03EF7B> : tensor<f64>} : () -> tensor<f64>
    %47 = "stablehlo.broadcast_in_dim"(%46) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %48 = "stablehlo.add"(%45, %47) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %49 = "stablehlo.multiply"(%48, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %50 = "stablehlo.constant"() {value = dense<0xBFD812746B03799E> : tensor<f64>} : () -> tensor<f64>
    %51 = "stablehlo.broadcast_in_dim"(%50) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %52 = "stablehlo.add"(%49, %51) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %53 = "stablehlo.multiply"(%52, %6) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %54 = "stablehlo.constant"() {value = dense<0x3FF20DD750429B6C> : tensor<f64>} : () -> tensor<f64>
    %55 = "stablehlo.broadcast_in_dim"(%54) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %56 = "stablehlo.add"(%53, %55) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %57 = "stablehlo.multiply"(%5, %56) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %58 = "stablehlo.abs"(%5) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %59 = "stablehlo.constant"() {value = dense<6.0> : tensor<f64>} : () -> tensor<f64>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %61 = "stablehlo.minimum"(%58, %60) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %62 = "stablehlo.constant"() {value = dense<0.5> : tensor<f64>} : () -> tensor<f64>
    %63 = "stablehlo.broadcast_in_dim"(%62) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %64 = "stablehlo.multiply"(%61, %63) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %65 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %66 = "stablehlo.broadcast_in_dim"(%65) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %67 = "stablehlo.add"(%64, %66) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %68 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %70 = "stablehlo.divide"(%69, %67) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %71 = "stablehlo.multiply"(%61, %61) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %72 = "stablehlo.negate"(%71) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %73 = "stablehlo.exponential"(%72) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %74 = "stablehlo.constant"() {value = dense<0xBF5CDE1C8B3D4798> : tensor<f64>} : () -> tensor<f64>
    %75 = "stablehlo.broadcast_in_dim"(%74) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %76 = "stablehlo.multiply"(%70, %75) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %77 = "stablehlo.constant"() {value = dense<0x3F7B0805E53253BB> : tensor<f64>} : () -> tensor<f64>
    %78 = "stablehlo.broadcast_in_dim"(%77) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %79 = "stablehlo.add"(%76, %78) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %80 = "stablehlo.multiply"(%79, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %81 = "stablehlo.constant"() {value = dense<0x3F5844940C969F71> : tensor<f64>} : () -> tensor<f64>
    %82 = "stablehlo.broadcast_in_dim"(%81) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %83 = "stablehlo.add"(%80, %82) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %84 = "stablehlo.multiply"(%83, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %85 = "stablehlo.constant"() {value = dense<0xBF7D3885DC4D1F0D> : tensor<f64>} : () -> tensor<f64>
    %86 = "stablehlo.broadcast_in_dim"(%85) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %87 = "stablehlo.add"(%84, %86) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %88 = "stablehlo.multiply"(%87, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %89 = "stablehlo.constant"() {value = dense<0xBF82D3B3FADAF680> : tensor<f64>} : () -> tensor<f64>
    %90 = "stablehlo.broadcast_in_dim"(%89) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %91 = "stablehlo.add"(%88, %90) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %92 = "stablehlo.multiply"(%91, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %93 = "stablehlo.constant"() {value = dense<0xBF4729D0F3D54DCA> : tensor<f64>} : () -> tensor<f64>
    %94 = "stablehlo.broadcast_in_dim"(%93) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %95 = "stablehlo.add"(%92, %94) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %96 = "stablehlo.multiply"(%95, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %97 = "stablehlo.constant"() {value = dense<0x3F88C7AF4BE40A5C> : tensor<f64>} : () -> tensor<f64>
    %98 = "stablehlo.broadcast_in_dim"(%97) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %99 = "stablehlo.add"(%96, %98) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %100 = "stablehlo.multiply"(%99, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %101 = "stablehlo.constant"() {value = dense<0x3F8FF1B6184A9839> : tensor<f64>} : () -> tensor<f64>
    %102 = "stablehlo.broadcast_in_dim"(%101) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %103 = "stablehlo.add"(%100, %102) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %104 = "stablehlo.multiply"(%103, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %105 = "stablehlo.constant"() {value = dense<0x3F45EBDF8734DDCA> : tensor<f64>} : () -> tensor<f64>
    %106 = "stablehlo.broadcast_in_dim"(%105) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %107 = "stablehlo.add"(%104, %106) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %108 = "stablehlo.multiply"(%107, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %109 = "stablehlo.constant"() {value = dense<0xBF976A52A2FC5E61> : tensor<f64>} : () -> tensor<f64>
    %110 = "stablehlo.broadcast_in_dim"(%109) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %111 = "stablehlo.add"(%108, %110) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %112 = "stablehlo.multiply"(%111, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %113 = "stablehlo.constant"() {value = dense<0xBF9AED2715850D1C> : tensor<f64>} : () -> tensor<f64>
    %114 = "stablehlo.broadcast_in_dim"(%113) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %115 = "stablehlo.add"(%112, %114) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %116 = "stablehlo.multiply"(%115, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %117 = "stablehlo.constant"() {value = dense<0x3F826C0058F3A5E9> : tensor<f64>} : () -> tensor<f64>
    %118 = "stablehlo.broadcast_in_dim"(%117) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %119 = "stablehlo.add"(%116, %118) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %120 = "stablehlo.multiply"(%119, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %121 = "stablehlo.constant"() {value = dense<0x3FAA29524D5EB2E1> : tensor<f64>} : () -> tensor<f64>
    %122 = "stablehlo.broadcast_in_dim"(%121) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %123 = "stablehlo.add"(%120, %122) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %124 = "stablehlo.multiply"(%123, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %125 = "stablehlo.constant"() {value = dense<0x3F9E5D1705DE254D> : tensor<f64>} : () -> tensor<f64>
    %126 = "stablehlo.broadcast_in_dim"(%125) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %127 = "stablehlo.add"(%124, %126) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %128 = "stablehlo.multiply"(%127, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %129 = "stablehlo.constant"() {value = dense<0xBFAE0CBE809AD705> : tensor<f64>} : () -> tensor<f64>
    %130 = "stablehlo.broadcast_in_dim"(%129) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %131 = "stablehlo.add"(%128, %130) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %132 = "stablehlo.multiply"(%131, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %133 = "stablehlo.constant"() {value = dense<0xBFB51DEBC2D9B846> : tensor<f64>} : () -> tensor<f64>
    %134 = "stablehlo.broadcast_in_dim"(%133) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %135 = "stablehlo.add"(%132, %134) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %136 = "stablehlo.multiply"(%135, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %137 = "stablehlo.constant"() {value = dense<0x3F9661DA153C7A31> : tensor<f64>} : () -> tensor<f64>
    %138 = "stablehlo.broadcast_in_dim"(%137) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %139 = "stablehlo.add"(%136, %138) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %140 = "stablehlo.multiply"(%139, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %141 = "stablehlo.constant"() {value = dense<0x3FB2075426A5AEA4> : tensor<f64>} : () -> tensor<f64>
    %142 = "stablehlo.broadcast_in_dim"(%141) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %143 = "stablehlo.add"(%140, %142) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %144 = "stablehlo.multiply"(%143, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %145 = "stablehlo.constant"() {value = dense<0x3FC71AD5588A1B91> : tensor<f64>} : () -> tensor<f64>
    %146 = "stablehlo.broadcast_in_dim"(%145) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %147 = "stablehlo.add"(%144, %146) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %148 = "stablehlo.multiply"(%147, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %149 = "stablehlo.constant"() {value = dense<0x3FCF7C07A6817C5A> : tensor<f64>} : () -> tensor<f64>
    %150 = "stablehlo.broadcast_in_dim"(%149) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %151 = "stablehlo.add"(%148, %150) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %152 = "stablehlo.multiply"(%151, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %153 = "stablehlo.constant"() {value = dense<0x3FD20FAF0600AA98> : tensor<f64>} : () -> tensor<f64>
    %154 = "stablehlo.broadcast_in_dim"(%153) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %155 = "stablehlo.add"(%152, %154) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %156 = "stablehlo.multiply"(%155, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %157 = "stablehlo.constant"() {value = dense<0x3FD20DB3674DD5EB> : tensor<f64>} : () -> tensor<f64>
    %158 = "stablehlo.broadcast_in_dim"(%157) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %159 = "stablehlo.add"(%156, %158) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %160 = "stablehlo.multiply"(%159, %70) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %161 = "stablehlo.constant"() {value = dense<0x3E9374F568058BF5> : tensor<f64>} : () -> tensor<f64>
    %162 = "stablehlo.broadcast_in_dim"(%161) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %163 = "stablehlo.add"(%160, %162) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %164 = "stablehlo.multiply"(%73, %163) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %165 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %166 = "stablehlo.broadcast_in_dim"(%165) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %167 = "stablehlo.subtract"(%166, %164) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %168 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %169 = "stablehlo.broadcast_in_dim"(%168) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %170 = "stablehlo.compare"(%5, %169) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xi1>
    %171 = "stablehlo.negate"(%167) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %172 = "stablehlo.select"(%170, %171, %167) : (tensor<2x4xi1>, tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %173 = "stablehlo.abs"(%5) : (tensor<2x4xf64>) -> tensor<2x4xf64>
    %174 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %175 = "stablehlo.broadcast_in_dim"(%174) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %176 = "stablehlo.compare"(%173, %175) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xi1>
    %177 = "stablehlo.select"(%176, %57, %172) : (tensor<2x4xi1>, tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %178 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %179 = "stablehlo.broadcast_in_dim"(%178) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<2x4xf64>
    %180 = "stablehlo.add"(%177, %179) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    %181 = "stablehlo.multiply"(%2, %180) : (tensor<2x4xf64>, tensor<2x4xf64>) -> tensor<2x4xf64>
    "func.return"(%181) : (tensor<2x4xf64>) -> ()
  }
}
