module @erf_f64 {
  func.func public @main(%arg0: tensor<18xf64>) -> (tensor<18xf64>) {
    %0 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %1 = "stablehlo.constant"() {value = dense<0xBDED806D723B3417> : tensor<f64>} : () -> tensor<f64>
    %2 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %3 = "stablehlo.multiply"(%0, %2) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %4 = "stablehlo.constant"() {value = dense<0x3DFD9B1093119549> : tensor<f64>} : () -> tensor<f64>
    %5 = "stablehlo.broadcast_in_dim"(%4) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %6 = "stablehlo.add"(%3, %5) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %7 = "stablehlo.multiply"(%6, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %8 = "stablehlo.constant"() {value = dense<0x3E471536376F9C03> : tensor<f64>} : () -> tensor<f64>
    %9 = "stablehlo.broadcast_in_dim"(%8) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %10 = "stablehlo.add"(%7, %9) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %11 = "stablehlo.multiply"(%10, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %12 = "stablehlo.constant"() {value = dense<0xBE8532168B269394> : tensor<f64>} : () -> tensor<f64>
    %13 = "stablehlo.broadcast_in_dim"(%12) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %14 = "stablehlo.add"(%11, %13) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %15 = "stablehlo.multiply"(%14, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %16 = "stablehlo.constant"() {value = dense<0x3EBB8854C7862C29> : tensor<f64>} : () -> tensor<f64>
    %17 = "stablehlo.broadcast_in_dim"(%16) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %18 = "stablehlo.add"(%15, %17) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %19 = "stablehlo.multiply"(%18, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %20 = "stablehlo.constant"() {value = dense<0xBEEF4B8494E007A4> : tensor<f64>} : () -> tensor<f64>
    %21 = "stablehlo.broadcast_in_dim"(%20) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %22 = "stablehlo.add"(%19, %21) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %23 = "stablehlo.multiply"(%22, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %24 = "stablehlo.constant"() {value = dense<0x3F1F9A1E0563CD66> : tensor<f64>} : () -> tensor<f64>
    %25 = "stablehlo.broadcast_in_dim"(%24) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %26 = "stablehlo.add"(%23, %25) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %27 = "stablehlo.multiply"(%26, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %28 = "stablehlo.constant"() {value = dense<0xBF4C02DA98F75495> : tensor<f64>} : () -> tensor<f64>
    %29 = "stablehlo.broadcast_in_dim"(%28) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %30 = "stablehlo.add"(%27, %29) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %31 = "stablehlo.multiply"(%30, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %32 = "stablehlo.constant"() {value = dense<0x3F7565BCCD8D50AF> : tensor<f64>} : () -> tensor<f64>
    %33 = "stablehlo.broadcast_in_dim"(%32) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %34 = "stablehlo.add"(%31, %33) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %35 = "stablehlo.multiply"(%34, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %36 = "stablehlo.constant"() {value = dense<0xBF9B82CE311490FB> : tensor<f64>} : () -> tensor<f64>
    %37 = "stablehlo.broadcast_in_dim"(%36) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %38 = "stablehlo.add"(%35, %37) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %39 = "stablehlo.multiply"(%38, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %40 = "stablehlo.constant"() {value = dense<0x3FBCE2F21A03EF7B> : tensor<f64>} : () -> tensor<f64>
    %41 = "stablehlo.broadcast_in_dim"(%40) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %42 = "stablehlo.add"(%39, %41) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %43 = "stablehlo.multiply"(%42, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %44 = "stablehlo.constant"() {value = dense<0xBFD812746B03799E> : tensor<f64>} : () -> tensor<f64>
    %45 = "stablehlo.broadcast_in_dim"(%44) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %46 = "stablehlo.add"(%43, %45) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %47 = "stablehlo.multiply"(%46, %0) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %48 = "stablehlo.constant"() {value = dense<0x3FF20DD750429B6C> : tensor<f64>} : () -> tensor<f64>
    %49 = "stablehlo.broadcast_in_dim"(%48) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %50 = "stablehlo.add"(%47, %49) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %51 = "stablehlo.multiply"(%arg0, %50) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %52 = "stablehlo.abs"(%arg0) : (tensor<18xf64>) -> tensor<18xf64>
    %53 = "stablehlo.constant"() {value = dense<6.0> : tensor<f64>} : () -> tensor<f64>
    %54 = "stablehlo.broadcast_in_dim"(%53) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %55 = "stablehlo.minimum"(%52, %54) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %56 = "stablehlo.constant"() {value = dense<0.5> : tensor<f64>} : () -> tensor<f64>
    %57 = "stablehlo.broadcast_in_dim"(%56) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %58 = "stablehlo.multiply"(%55, %57) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %59 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %60 = "stablehlo.broadcast_in_dim"(%59) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %61 = "stablehlo.add"(%58, %60) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %62 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %63 = "stablehlo.broadcast_in_dim"(%62) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %64 = "stablehlo.divide"(%63, %61) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %65 = "stablehlo.multiply"(%55, %55) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %66 = "stablehlo.negate"(%65) : (tensor<18xf64>) -> tensor<18xf64>
    %67 = "stablehlo.exponential"(%66) : (tensor<18xf64>) -> tensor<18xf64>
    %68 = "stablehlo.constant"() {value = dense<0xBF5CDE1C8B3D4798> : tensor<f64>} : () -> tensor<f64>
    %69 = "stablehlo.broadcast_in_dim"(%68) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %70 = "stablehlo.multiply"(%64, %69) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %71 = "stablehlo.constant"() {value = dense<0x3F7B0805E53253BB> : tensor<f64>} : () -> tensor<f64>
    %72 = "stablehlo.broadcast_in_dim"(%71) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %73 = "stablehlo.add"(%70, %72) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %74 = "stablehlo.multiply"(%73, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %75 = "stablehlo.constant"() {value = dense<0x3F5844940C969F71> : tensor<f64>} : () -> tensor<f64>
    %76 = "stablehlo.broadcast_in_dim"(%75) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %77 = "stablehlo.add"(%74, %76) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %78 = "stablehlo.multiply"(%77, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %79 = "stablehlo.constant"() {value = dense<0xBF7D3885DC4D1F0D> : tensor<f64>} : () -> tensor<f64>
    %80 = "stablehlo.broadcast_in_dim"(%79) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %81 = "stablehlo.add"(%78, %80) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %82 = "stablehlo.multiply"(%81, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %83 = "stablehlo.constant"() {value = dense<0xBF82D3B3FADAF680> : tensor<f64>} : () -> tensor<f64>
    %84 = "stablehlo.broadcast_in_dim"(%83) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %85 = "stablehlo.add"(%82, %84) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %86 = "stablehlo.multiply"(%85, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %87 = "stablehlo.constant"() {value = dense<0xBF4729D0F3D54DCA> : tensor<f64>} : () -> tensor<f64>
    %88 = "stablehlo.broadcast_in_dim"(%87) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %89 = "stablehlo.add"(%86, %88) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %90 = "stablehlo.multiply"(%89, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %91 = "stablehlo.constant"() {value = dense<0x3F88C7AF4BE40A5C> : tensor<f64>} : () -> tensor<f64>
    %92 = "stablehlo.broadcast_in_dim"(%91) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %93 = "stablehlo.add"(%90, %92) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %94 = "stablehlo.multiply"(%93, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %95 = "stablehlo.constant"() {value = dense<0x3F8FF1B6184A9839> : tensor<f64>} : () -> tensor<f64>
    %96 = "stablehlo.broadcast_in_dim"(%95) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %97 = "stablehlo.add"(%94, %96) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %98 = "stablehlo.multiply"(%97, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %99 = "stablehlo.constant"() {value = dense<0x3F45EBDF8734DDCA> : tensor<f64>} : () -> tensor<f64>
    %100 = "stablehlo.broadcast_in_dim"(%99) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %101 = "stablehlo.add"(%98, %100) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %102 = "stablehlo.multiply"(%101, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %103 = "stablehlo.constant"() {value = dense<0xBF976A52A2FC5E61> : tensor<f64>} : () -> tensor<f64>
    %104 = "stablehlo.broadcast_in_dim"(%103) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %105 = "stablehlo.add"(%102, %104) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %106 = "stablehlo.multiply"(%105, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %107 = "stablehlo.constant"() {value = dense<0xBF9AED2715850D1C> : tensor<f64>} : () -> tensor<f64>
    %108 = "stablehlo.broadcast_in_dim"(%107) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %109 = "stablehlo.add"(%106, %108) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %110 = "stablehlo.multiply"(%109, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %111 = "stablehlo.constant"() {value = dense<0x3F826C0058F3A5E9> : tensor<f64>} : () -> tensor<f64>
    %112 = "stablehlo.broadcast_in_dim"(%111) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %113 = "stablehlo.add"(%110, %112) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %114 = "stablehlo.multiply"(%113, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %115 = "stablehlo.constant"() {value = dense<0x3FAA29524D5EB2E1> : tensor<f64>} : () -> tensor<f64>
    %116 = "stablehlo.broadcast_in_dim"(%115) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %117 = "stablehlo.add"(%114, %116) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %118 = "stablehlo.multiply"(%117, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %119 = "stablehlo.constant"() {value = dense<0x3F9E5D1705DE254D> : tensor<f64>} : () -> tensor<f64>
    %120 = "stablehlo.broadcast_in_dim"(%119) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %121 = "stablehlo.add"(%118, %120) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %122 = "stablehlo.multiply"(%121, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %123 = "stablehlo.constant"() {value = dense<0xBFAE0CBE809AD705> : tensor<f64>} : () -> tensor<f64>
    %124 = "stablehlo.broadcast_in_dim"(%123) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %125 = "stablehlo.add"(%122, %124) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %126 = "stablehlo.multiply"(%125, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %127 = "stablehlo.constant"() {value = dense<0xBFB51DEBC2D9B846> : tensor<f64>} : () -> tensor<f64>
    %128 = "stablehlo.broadcast_in_dim"(%127) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %129 = "stablehlo.add"(%126, %128) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %130 = "stablehlo.multiply"(%129, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %131 = "stablehlo.constant"() {value = dense<0x3F9661DA153C7A31> : tensor<f64>} : () -> tensor<f64>
    %132 = "stablehlo.broadcast_in_dim"(%131) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %133 = "stablehlo.add"(%130, %132) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %134 = "stablehlo.multiply"(%133, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %135 = "stablehlo.constant"() {value = dense<0x3FB2075426A5AEA4> : tensor<f64>} : () -> tensor<f64>
    %136 = "stablehlo.broadcast_in_dim"(%135) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %137 = "stablehlo.add"(%134, %136) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %138 = "stablehlo.multiply"(%137, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %139 = "stablehlo.constant"() {value = dense<0x3FC71AD5588A1B91> : tensor<f64>} : () -> tensor<f64>
    %140 = "stablehlo.broadcast_in_dim"(%139) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %141 = "stablehlo.add"(%138, %140) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %142 = "stablehlo.multiply"(%141, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %143 = "stablehlo.constant"() {value = dense<0x3FCF7C07A6817C5A> : tensor<f64>} : () -> tensor<f64>
    %144 = "stablehlo.broadcast_in_dim"(%143) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %145 = "stablehlo.add"(%142, %144) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %146 = "stablehlo.multiply"(%145, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %147 = "stablehlo.constant"() {value = dense<0x3FD20FAF0600AA98> : tensor<f64>} : () -> tensor<f64>
    %148 = "stablehlo.broadcast_in_dim"(%147) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %149 = "stablehlo.add"(%146, %148) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %150 = "stablehlo.multiply"(%149, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %151 = "stablehlo.constant"() {value = dense<0x3FD20DB3674DD5EB> : tensor<f64>} : () -> tensor<f64>
    %152 = "stablehlo.broadcast_in_dim"(%151) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %153 = "stablehlo.add"(%150, %152) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %154 = "stablehlo.multiply"(%153, %64) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %155 = "stablehlo.constant"() {value = dense<0x3E9374F568058BF5> : tensor<f64>} : () -> tensor<f64>
    %156 = "stablehlo.broadcast_in_dim"(%155) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %157 = "stablehlo.add"(%154, %156) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %158 = "stablehlo.multiply"(%67, %157) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %159 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %160 = "stablehlo.broadcast_in_dim"(%159) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %161 = "stablehlo.subtract"(%160, %158) : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %162 = "stablehlo.constant"() {value = dense<0.0> : tensor<f64>} : () -> tensor<f64>
    %163 = "stablehlo.broadcast_in_dim"(%162) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %164 = "stablehlo.compare"(%arg0, %163) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xi1>
    %165 = "stablehlo.negate"(%161) : (tensor<18xf64>) -> tensor<18xf64>
    %166 = "stablehlo.select"(%164, %165, %161) : (tensor<18xi1>, tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    %167 = "stablehlo.abs"(%arg0) : (tensor<18xf64>) -> tensor<18xf64>
    %168 = "stablehlo.constant"() {value = dense<1.0> : tensor<f64>} : () -> tensor<f64>
    %169 = "stablehlo.broadcast_in_dim"(%168) {broadcast_dimensions = array<i64>} : (tensor<f64>) -> tensor<18xf64>
    %170 = "stablehlo.compare"(%167, %169) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<18xf64>, tensor<18xf64>) -> tensor<18xi1>
    %171 = "stablehlo.select"(%170, %51, %166) : (tensor<18xi1>, tensor<18xf64>, tensor<18xf64>) -> tensor<18xf64>
    "func.return"(%171) : (tensor<18xf64>) -> ()
  }
}
