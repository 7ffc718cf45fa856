// Cancellation of a run (engine/cancel.h): a while loop whose condition never fails stops with
// the token's error soon after another thread cancels it; a token cancelled before the run
// stops it at the first step; without a token, or with one never cancelled, runs are unchanged.
#include <chrono>
#include <future>
#include <thread>

#include "engine/cancel.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

const char* kForever = R"mlir(func.func @main(%x: tensor<f32>) -> tensor<f32> {
  %r = "stablehlo.while"(%x) ({
  ^bb0(%i: tensor<f32>):
    %z = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %c = "stablehlo.compare"(%i, %z) {comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
    "stablehlo.return"(%c) : (tensor<i1>) -> ()
  }, {
  ^bb0(%i: tensor<f32>):
    %one = "stablehlo.constant"() {value = dense<1.0> : tensor<f32>} : () -> tensor<f32>
    %n = "stablehlo.add"(%i, %one) : (tensor<f32>, tensor<f32>) -> tensor<f32>
    "stablehlo.return"(%n) : (tensor<f32>) -> ()
  }) : (tensor<f32>) -> tensor<f32>
  return %r : tensor<f32>
}
)mlir";

void cancel_while(Suite& s) {
  s.current = "a never-ending while loop stops with the token's error once cancelled";
  std::unique_ptr<Program> p;
  auto err = compile_program(kForever, &p);
  s.check(!err && p, "compiles");
  if (!p) return;
  CancelToken token;
  auto run = std::async(std::launch::async, [&] {
    CancelScope scope(&token);
    std::vector<Tensor> out;
    return p->run({make<float>(ElementType::kF32, {}, {0.0f})}, &out);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  s.check(run.wait_for(std::chrono::seconds(0)) == std::future_status::timeout, "still running after 100 ms");
  s.check(token.cancel(4, "[test] deadline"), "the first cancel takes");
  s.check(!token.cancel(1, "again"), "a second cancel does not replace the first");
  if (run.wait_for(std::chrono::seconds(2)) != std::future_status::ready) {
    std::printf("FAIL [%s] did not stop within 2 s\n", s.current.c_str());
    std::fflush(stdout);
    std::_Exit(1);
  }
  std::unique_ptr<Error> e = run.get();
  s.check(e && e->code == 4 && e->message == "[test] deadline", "the run ends with the token's code and message");

  s.current = "a token cancelled before the run stops it at once; no token or an idle one changes nothing";
  std::string add = one_op("stablehlo.add", "", {"tensor<2xf32>", "tensor<2xf32>"}, "tensor<2xf32>");
  std::unique_ptr<Program> q;
  compile_program(add, &q);
  Tensor a = make<float>(ElementType::kF32, {2}, {1, 2});
  CancelToken early;
  early.cancel(1, "[test] cancelled early");
  {
    CancelScope scope(&early);
    std::vector<Tensor> out;
    std::unique_ptr<Error> e2 = q->run({a, a}, &out);
    s.check(e2 && e2->code == 1 && e2->message == "[test] cancelled early", "cancelled before it started");
  }
  CancelToken idle;
  {
    CancelScope scope(&idle);
    std::vector<Tensor> out;
    s.check(!q->run({a, a}, &out) && values<float>(out[0]) == std::vector<float>{2, 4}, "an idle token");
  }
  std::vector<Tensor> out;
  s.check(!q->run({a, a}, &out) && values<float>(out[0]) == std::vector<float>{2, 4}, "no token after the scopes");
}

}  // namespace

void cancel_tests(Suite& s) { cancel_while(s); }

}  // namespace tsmlx::cpu::test
