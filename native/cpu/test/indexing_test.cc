// The indexing group: gather/scatter with full dimension numbers against naive loops,
// dynamic slices with clamping, elementwise extras, sort, rng_bit_generator known answers
// and statistics, while/if/case, and verifier errors.
#include <algorithm>
#include <cmath>
#include <limits>
#include <cstring>
#include <numeric>

#include "kernels/indexing.h"
#include "parser/parser.h"
#include "runtime/program.h"
#include "test/harness.h"
#include "verifier/verifier.h"

namespace tsmlx::cpu::test {
namespace {

const char* kAddRegion = R"(({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      %s = "stablehlo.add"(%p, %q) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%s) : (tensor<f32>) -> ()
    }))";

std::string gather_op(const std::string& x, const std::string& idx, const std::string& out, const std::string& dn,
                      const std::string& sizes) {
  return module_of(x + ", " + idx, out,
                   "    %0 = \"stablehlo.gather\"(%a0, %a1) {dimension_numbers = #stablehlo.gather<" + dn +
                       ">, slice_sizes = array<i64: " + sizes + ">, indices_are_sorted = false} : (" + x + ", " + idx +
                       ") -> " + out,
                   "%0");
}

void gather_tests(Suite& s) {
  s.current = "gather";
  // Embedding lookup: rows of a 4x3 table; index 7 clamps to row 3, -2 to row 0.
  std::vector<float> table(12);
  std::iota(table.begin(), table.end(), 0.0f);
  Tensor x = make<float>(ElementType::kF32, {4, 3}, table);
  Tensor idx = make<int32_t>(ElementType::kS32, {4}, {2, 0, 7, -2});
  RunResult r = run(gather_op("tensor<4x3xf32>", "tensor<4xi32>", "tensor<4x3xf32>",
                              "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1",
                              "1, 3"),
                    {x, idx});
  std::vector<float> want;
  for (int row : {2, 0, 3, 0})
    for (int c = 0; c < 3; ++c) want.push_back(table[row * 3 + c]);
  s.check(r.ok && values<float>(r.outputs[0]) == want, "row lookup with clamped indices: " + r.message);

  // The same with ui64 indices and an explicit index vector dim of size 1.
  Tensor idx64 = make<uint64_t>(ElementType::kU64, {2, 1}, {1, ~uint64_t{0}});
  r = run(gather_op("tensor<4x3xf32>", "tensor<2x1xui64>", "tensor<2x3xf32>",
                    "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1", "1, 3"),
          {x, idx64});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{3, 4, 5, 9, 10, 11}, "ui64 indices saturate: " + r.message);

  // 2-D windows with clamping: start (3, 4) of a 2x2 window in 4x5 clamps to (2, 3).
  std::vector<double> m(20);
  std::iota(m.begin(), m.end(), 0.0);
  Tensor xm = make<double>(ElementType::kF64, {4, 5}, m);
  Tensor starts = make<int64_t>(ElementType::kS64, {2, 2}, {1, 1, 3, 4});
  r = run(gather_op("tensor<4x5xf64>", "tensor<2x2xi64>", "tensor<2x2x2xf64>",
                    "offset_dims = [1, 2], start_index_map = [0, 1], index_vector_dim = 1", "2, 2"),
          {xm, starts});
  s.check(r.ok && values<double>(r.outputs[0]) == std::vector<double>{6, 7, 11, 12, 13, 14, 18, 19},
          "2-D windows, second start clamped: " + r.message);

  // Offset dim before the batch dim; index vector in dim 0; start_index_map reversed.
  Tensor sv = make<int32_t>(ElementType::kS32, {2, 3}, {0, 1, 3, 2, 0, 1});  // columns are (col, row) pairs
  r = run(gather_op("tensor<4x5xf64>", "tensor<2x3xi32>", "tensor<1x3xf64>",
                    "offset_dims = [0], collapsed_slice_dims = [1], start_index_map = [1, 0], index_vector_dim = 0",
                    "1, 1"),
          {xm, sv});
  // index vectors (col,row): (0,2) (1,0) (3,1) -> m[2][0], m[0][1], m[1][3]
  s.check(r.ok && values<double>(r.outputs[0]) == std::vector<double>{10, 1, 8}, "index_vector_dim 0, offset dim first: " + r.message);

  // Batching dims: result[b, j, :] = operand[b, idx[b, j], :] (take_along_axis over dim 1).
  std::vector<float> xb(2 * 4 * 3);
  std::iota(xb.begin(), xb.end(), 0.0f);
  Tensor tb = make<float>(ElementType::kF32, {2, 4, 3}, xb);
  Tensor ib = make<int32_t>(ElementType::kS32, {2, 2}, {3, 0, 1, 1});
  r = run(gather_op("tensor<2x4x3xf32>", "tensor<2x2xi32>", "tensor<2x2x3xf32>",
                    "offset_dims = [2], collapsed_slice_dims = [1], operand_batching_dims = [0], "
                    "start_indices_batching_dims = [0], start_index_map = [1], index_vector_dim = 2",
                    "1, 1, 3"),
          {tb, ib});
  want.clear();
  const int ibv[2][2] = {{3, 0}, {1, 1}};
  for (int b = 0; b < 2; ++b)
    for (int j = 0; j < 2; ++j)
      for (int c = 0; c < 3; ++c) want.push_back(xb[(b * 4 + ibv[b][j]) * 3 + c]);
  s.check(r.ok && values<float>(r.outputs[0]) == want, "batching dims: " + r.message);

  // bf16 and i1 operands move bytes unchanged.
  Tensor h = make<uint16_t>(ElementType::kBF16, {3}, {0x3f80, 0x4000, 0x4040});
  Tensor i1 = make<int32_t>(ElementType::kS32, {2}, {2, 1});
  r = run(gather_op("tensor<3xbf16>", "tensor<2xi32>", "tensor<2xbf16>",
                    "collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1", "1"),
          {h, i1});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0x4040, 0x4000}, "bf16 gather: " + r.message);

  // Errors.
  r = compile_only(gather_op("tensor<4x3xf32>", "tensor<4xi32>", "tensor<4x3xf32>",
                             "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0, 1], index_vector_dim = 1",
                             "1, 3"));
  s.check(!r.ok && r.message.find("start_index_map") != std::string::npos, "start_index_map size checked: " + r.message);
  r = compile_only(gather_op("tensor<4x3xf32>", "tensor<4xi32>", "tensor<4x2xf32>",
                             "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1",
                             "1, 3"));
  s.check(!r.ok && r.message.find("result type") != std::string::npos, "result shape checked: " + r.message);
  r = compile_only(gather_op("tensor<4x3xf32>", "tensor<4xf32>", "tensor<4x3xf32>",
                             "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1",
                             "1, 3"));
  s.check(!r.ok && r.message.find("integers") != std::string::npos, "float indices rejected: " + r.message);
  r = compile_only(gather_op("tensor<4x3xf32>", "tensor<4xi32>", "tensor<4x3xf32>",
                             "offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1",
                             "2, 3"));
  s.check(!r.ok && r.message.find("collapsed") != std::string::npos, "collapsed dim slice size checked: " + r.message);
}

std::string scatter_op(const std::string& x, const std::string& idx, const std::string& upd, const std::string& dn,
                       const std::string& region) {
  return module_of(x + ", " + idx + ", " + upd, x,
                   "    %0 = \"stablehlo.scatter\"(%a0, %a1, %a2) " + region +
                       " {scatter_dimension_numbers = #stablehlo.scatter<" + dn +
                       ">, indices_are_sorted = false, unique_indices = false} : (" + x + ", " + idx + ", " + upd +
                       ") -> " + x,
                   "%0");
}

void scatter_tests(Suite& s) {
  s.current = "scatter";
  const std::string rows = "update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1";
  Tensor x = make<float>(ElementType::kF32, {4, 2}, {1, 1, 1, 1, 1, 1, 1, 1});
  Tensor idx = make<int32_t>(ElementType::kS32, {4}, {1, 3, 1, 9});
  Tensor upd = make<float>(ElementType::kF32, {4, 2}, {1, 2, 3, 4, 5, 6, 7, 8});
  RunResult r = run(scatter_op("tensor<4x2xf32>", "tensor<4xi32>", "tensor<4x2xf32>", rows, kAddRegion), {x, idx, upd});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 1, 7, 9, 1, 1, 4, 5},
          "add with a repeated index, out-of-bounds row skipped: " + r.message);
  const char* replace = R"(({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      "stablehlo.return"(%q) : (tensor<f32>) -> ()
    }))";
  Tensor idx2 = make<int32_t>(ElementType::kS32, {4}, {2, 0, -1, 4});
  r = run(scatter_op("tensor<4x2xf32>", "tensor<4xi32>", "tensor<4x2xf32>", rows, replace), {x, idx2, upd});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{3, 4, 1, 1, 1, 2, 1, 1}, "replace, negative index skipped: " + r.message);
  // A general body: keep the larger magnitude (compare + select), through the scalar evaluator.
  const char* absmax = R"(({
    ^bb0(%p: tensor<f32>, %q: tensor<f32>):
      %ap = "stablehlo.abs"(%p) : (tensor<f32>) -> tensor<f32>
      %aq = "stablehlo.abs"(%q) : (tensor<f32>) -> tensor<f32>
      %c = "stablehlo.compare"(%ap, %aq) {comparison_direction = #stablehlo<comparison_direction GE>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      %m = "stablehlo.select"(%c, %p, %q) : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%m) : (tensor<f32>) -> ()
    }))";
  Tensor updn = make<float>(ElementType::kF32, {4, 2}, {-5, 0.5f, 3, -4, 2, 6, 7, 8});
  r = run(scatter_op("tensor<4x2xf32>", "tensor<4xi32>", "tensor<4x2xf32>", rows, absmax), {x, idx, updn});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 1, -5, 6, 1, 1, 3, -4}, "general body: " + r.message);
  // Window partly outside: updates 2-wide windows into a 5-vector at starts 0 and 4.
  Tensor v = make<int32_t>(ElementType::kS32, {5}, {0, 0, 0, 0, 0});
  Tensor vi = make<int32_t>(ElementType::kS32, {2, 1}, {0, 4});
  Tensor vu = make<int32_t>(ElementType::kS32, {2, 2}, {1, 2, 3, 4});
  const char* addi = R"(({
    ^bb0(%p: tensor<i32>, %q: tensor<i32>):
      %s = "stablehlo.add"(%p, %q) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%s) : (tensor<i32>) -> ()
    }))";
  r = run(scatter_op("tensor<5xi32>", "tensor<2x1xi32>", "tensor<2x2xi32>",
                     "update_window_dims = [1], scatter_dims_to_operand_dims = [0], index_vector_dim = 1", addi),
          {v, vi, vu});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{1, 2, 0, 0, 3},
          "window elements outside the input are skipped one by one: " + r.message);
  // Batching dims: out[b, idx[b, j]] += u[b, j].
  Tensor xb = make<double>(ElementType::kF64, {2, 3}, {0, 0, 0, 0, 0, 0});
  Tensor ib = make<int64_t>(ElementType::kS64, {2, 2}, {2, 2, 0, 1});
  Tensor ub = make<double>(ElementType::kF64, {2, 2}, {1, 2, 3, 4});
  const char* addd = R"(({
    ^bb0(%p: tensor<f64>, %q: tensor<f64>):
      %s = "stablehlo.add"(%p, %q) : (tensor<f64>, tensor<f64>) -> tensor<f64>
      "stablehlo.return"(%s) : (tensor<f64>) -> ()
    }))";
  r = run(scatter_op("tensor<2x3xf64>", "tensor<2x2xi64>", "tensor<2x2xf64>",
                     "inserted_window_dims = [1], input_batching_dims = [0], scatter_indices_batching_dims = [0], "
                     "scatter_dims_to_operand_dims = [1], index_vector_dim = 2",
                     addd),
          {xb, ib, ub});
  s.check(r.ok && values<double>(r.outputs[0]) == std::vector<double>{0, 0, 3, 3, 4, 0}, "batching dims: " + r.message);
  // Two inputs at once: a scatter that adds to one and takes the max in the other.
  std::string two = module_of(
      "tensor<3xf32>, tensor<3xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>", "tensor<3xf32>, tensor<3xi32>",
      R"(    %0:2 = "stablehlo.scatter"(%a0, %a1, %a2, %a3, %a4) ({
    ^bb0(%p: tensor<f32>, %q: tensor<i32>, %u: tensor<f32>, %w: tensor<i32>):
      %s = "stablehlo.add"(%p, %u) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %m = "stablehlo.maximum"(%q, %w) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%s, %m) : (tensor<f32>, tensor<i32>) -> ()
    }) {scatter_dimension_numbers = #stablehlo.scatter<inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>} : (tensor<3xf32>, tensor<3xi32>, tensor<2xi32>, tensor<2xf32>, tensor<2xi32>) -> (tensor<3xf32>, tensor<3xi32>))",
      "%0#0, %0#1");
  r = run(two, {make<float>(ElementType::kF32, {3}, {1, 1, 1}), make<int32_t>(ElementType::kS32, {3}, {5, 5, 5}),
                make<int32_t>(ElementType::kS32, {2}, {2, 2}), make<float>(ElementType::kF32, {2}, {10, 20}),
                make<int32_t>(ElementType::kS32, {2}, {3, 9})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 1, 31} &&
              values<int32_t>(r.outputs[1]) == std::vector<int32_t>{5, 5, 9},
          "two inputs with one body: " + r.message);
  // f16 add rounds each step.
  Tensor hx = make<uint16_t>(ElementType::kF16, {1}, {0x6800});  // 2048
  Tensor hi = make<int32_t>(ElementType::kS32, {2}, {0, 0});
  Tensor hu = make<uint16_t>(ElementType::kF16, {2}, {0x3c00, 0x3c00});
  const char* addh = R"(({
    ^bb0(%p: tensor<f16>, %q: tensor<f16>):
      %s = "stablehlo.add"(%p, %q) : (tensor<f16>, tensor<f16>) -> tensor<f16>
      "stablehlo.return"(%s) : (tensor<f16>) -> ()
    }))";
  r = run(scatter_op("tensor<1xf16>", "tensor<2xi32>", "tensor<2xf16>",
                     "inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1", addh),
          {hx, hi, hu});
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x6800, "f16 scatter-add rounds per update: " + r.message);
  // Errors.
  r = compile_only(scatter_op("tensor<4x2xf32>", "tensor<3xi32>", "tensor<4x2xf32>", rows, kAddRegion));
  s.check(!r.ok && r.message.find("scatter dims") != std::string::npos, "update/index batch mismatch: " + r.message);
  r = compile_only(scatter_op("tensor<4x2xf32>", "tensor<4xi32>", "tensor<4x2xf32>", rows, addi));
  s.check(!r.ok && r.message.find("update computation") != std::string::npos, "region types checked: " + r.message);
}

void dynamic_slice_tests(Suite& s) {
  s.current = "dynamic_slice";
  std::vector<float> m(12);
  std::iota(m.begin(), m.end(), 0.0f);
  Tensor x = make<float>(ElementType::kF32, {3, 4}, m);
  auto ds = [&](int32_t a, int32_t b) {
    std::string text = module_of(
        "tensor<3x4xf32>, tensor<i32>, tensor<i32>", "tensor<2x2xf32>",
        "    %0 = \"stablehlo.dynamic_slice\"(%a0, %a1, %a2) {slice_sizes = array<i64: 2, 2>} : (tensor<3x4xf32>, "
        "tensor<i32>, tensor<i32>) -> tensor<2x2xf32>",
        "%0");
    return run(text, {x, make<int32_t>(ElementType::kS32, {}, {a}), make<int32_t>(ElementType::kS32, {}, {b})});
  };
  RunResult r = ds(1, 1);
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{5, 6, 9, 10}, "in range: " + r.message);
  r = ds(5, -3);
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{4, 5, 8, 9}, "clamped to [0, dim - size]: " + r.message);
  auto dus = [&](int64_t a, int64_t b) {
    std::string text = module_of(
        "tensor<3x4xf32>, tensor<1x3xf32>, tensor<i64>, tensor<i64>", "tensor<3x4xf32>",
        "    %0 = \"stablehlo.dynamic_update_slice\"(%a0, %a1, %a2, %a3) : (tensor<3x4xf32>, tensor<1x3xf32>, "
        "tensor<i64>, tensor<i64>) -> tensor<3x4xf32>",
        "%0");
    return run(text, {x, make<float>(ElementType::kF32, {1, 3}, {-1, -2, -3}), make<int64_t>(ElementType::kS64, {}, {a}),
                      make<int64_t>(ElementType::kS64, {}, {b})});
  };
  r = dus(2, 0);
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -3, 11}, "update in range: " + r.message);
  r = dus(9, 3);
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{0, 1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3}, "update clamped: " + r.message);
  // KV-cache shape: write one step into a [4, 2] cache of bf16 at position 3.
  std::string kv = module_of(
      "tensor<4x2xbf16>, tensor<1x2xbf16>, tensor<i32>, tensor<i32>", "tensor<4x2xbf16>",
      "    %0 = \"stablehlo.dynamic_update_slice\"(%a0, %a1, %a2, %a3) : (tensor<4x2xbf16>, tensor<1x2xbf16>, "
      "tensor<i32>, tensor<i32>) -> tensor<4x2xbf16>",
      "%0");
  r = run(kv, {make<uint16_t>(ElementType::kBF16, {4, 2}, std::vector<uint16_t>(8, 0)),
               make<uint16_t>(ElementType::kBF16, {1, 2}, {0x3f80, 0x4000}), make<int32_t>(ElementType::kS32, {}, {3}),
               make<int32_t>(ElementType::kS32, {}, {0})});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0, 0, 0, 0, 0, 0, 0x3f80, 0x4000}, "bf16 cache write: " + r.message);
  r = compile_only(module_of("tensor<3x4xf32>, tensor<i32>", "tensor<2x2xf32>",
                             "    %0 = \"stablehlo.dynamic_slice\"(%a0, %a1) {slice_sizes = array<i64: 2, 2>} : "
                             "(tensor<3x4xf32>, tensor<i32>) -> tensor<2x2xf32>",
                             "%0"));
  s.check(!r.ok && r.message.find("start indices") != std::string::npos, "index count checked: " + r.message);
  r = compile_only(module_of("tensor<3x4xf32>, tensor<i32>, tensor<i32>", "tensor<4x2xf32>",
                             "    %0 = \"stablehlo.dynamic_slice\"(%a0, %a1, %a2) {slice_sizes = array<i64: 4, 2>} : "
                             "(tensor<3x4xf32>, tensor<i32>, tensor<i32>) -> tensor<4x2xf32>",
                             "%0"));
  s.check(!r.ok && r.message.find("exceed") != std::string::npos, "slice larger than operand rejected: " + r.message);
}

// A key/value-cache write [1, len, 3, 5] <- [1, u, 3, 5] at (0, p, 0, 0) by plain loops (the
// start clamped to [0, len - u]).
std::vector<float> cache_write(const std::vector<float>& x, const std::vector<float>& u, int64_t len, int64_t un,
                               int64_t p) {
  std::vector<float> out = x;
  p = std::min(std::max<int64_t>(p, 0), len - un);
  for (int64_t i = 0; i < un * 15; ++i) out[static_cast<size_t>(p * 15 + i)] = u[static_cast<size_t>(i)];
  return out;
}

// dynamic_update_slice writes into the storage of an operand that dies there and that the
// run owns alone (a donated cache), and copies otherwise: the caller's held operand, an
// operand read again later.
void dynamic_update_slice_in_place_tests(Suite& s) {
  s.current = "dynamic_update_slice in place";
  const int64_t len = 9;
  for (int64_t un : {int64_t{1}, int64_t{4}, len}) {
    for (int64_t p : {int64_t{0}, int64_t{3}, int64_t{7}, int64_t{-2}}) {
      const std::string tag = " (update " + std::to_string(un) + " rows at " + std::to_string(p) + ")";
      const std::string xt = "tensor<1x" + std::to_string(len) + "x3x5xf32>";
      const std::string ut = "tensor<1x" + std::to_string(un) + "x3x5xf32>";
      const std::string op = "    %0 = \"stablehlo.dynamic_update_slice\"(%a0, %a1, %a2, %a3, %a2, %a2) : (" + xt +
                             ", " + ut + ", tensor<i32>, tensor<i32>, tensor<i32>, tensor<i32>) -> " + xt;
      const std::string params = xt + ", " + ut + ", tensor<i32>, tensor<i32>";
      Tensor x0 = random_f32({1, len, 3, 5}, static_cast<uint32_t>(11 + un));
      Tensor u = random_f32({1, un, 3, 5}, static_cast<uint32_t>(23 + p + 10));
      const std::vector<float> xs = values<float>(x0), us = values<float>(u);
      const std::vector<float> want = cache_write(xs, us, len, un, p);
      auto program = [&](const std::string& text) {
        ir::Module m = parser::parse_module(text);
        verifier::verify_function(&m.funcs[0]);
        runtime::PlanOptions o;
        o.in_place = true;
        return runtime::make_program(std::move(m), 0, o);
      };
      auto args_for = [&](Tensor x) {
        std::vector<Tensor> a;
        a.push_back(std::move(x));
        a.push_back(u);
        a.push_back(make<int32_t>(ElementType::kS32, {}, {0}));
        a.push_back(make<int32_t>(ElementType::kS32, {}, {static_cast<int32_t>(p)}));
        return a;
      };
      auto prog = program(module_of(params, xt, op, "%0"));
      // Donated: the only reference moves into the run, so the result takes x's storage.
      {
        Tensor x = make<float>(ElementType::kF32, {1, len, 3, 5}, xs);
        const void* where = x.storage->data();
        std::vector<Tensor> out;
        auto err = prog->run(args_for(std::move(x)), &out);
        s.check(!err && out.size() == 1, "donated run" + tag);
        if (!err && out.size() == 1) {
          s.check(out[0].storage->data() == where, "the donated cache holds the result" + tag);
          s.check(values<float>(out[0]) == want, "donated result equals the plain loops" + tag);
        }
      }
      // Held by the caller: never written.
      {
        Tensor x = make<float>(ElementType::kF32, {1, len, 3, 5}, xs);
        std::vector<Tensor> out;
        auto err = prog->run(args_for(x), &out);
        s.check(!err && out.size() == 1, "held run" + tag);
        if (!err && out.size() == 1) {
          s.check(out[0].storage->data() != x.storage->data(), "a held cache is not the result" + tag);
          s.check(values<float>(x) == xs, "a held cache is unchanged" + tag);
          s.check(values<float>(out[0]) == want, "held result equals the plain loops" + tag);
        }
      }
      // Donated but read again after the update (and returned): copied, both results right.
      {
        auto twice = program(module_of(params, xt + ", " + xt,
                                       op + "\n    %1 = \"stablehlo.negate\"(%a0) : (" + xt + ") -> " + xt, "%0, %1"));
        Tensor x = make<float>(ElementType::kF32, {1, len, 3, 5}, xs);
        std::vector<Tensor> out;
        auto err = twice->run(args_for(std::move(x)), &out);
        s.check(!err && out.size() == 2, "read-again run" + tag);
        if (!err && out.size() == 2) {
          std::vector<float> neg(xs.size());
          for (size_t i = 0; i < xs.size(); ++i) neg[i] = -xs[i];
          s.check(values<float>(out[0]) == want && values<float>(out[1]) == neg,
                  "an operand read after the update keeps its values" + tag);
        }
      }
    }
  }
}

void elementwise_extra_tests(Suite& s) {
  s.current = "atan2, cbrt, is_finite, bitcast_convert";
  const float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  std::vector<float> y = {1, -1, 0, -0.0f, 1, inf, nan, 3};
  std::vector<float> xv = {1, -1, -1, -1, 0, inf, 1, -4};
  RunResult r = run(one_op("stablehlo.atan2", "", {"tensor<8xf32>", "tensor<8xf32>"}, "tensor<8xf32>"),
                    {make<float>(ElementType::kF32, {8}, y), make<float>(ElementType::kF32, {8}, xv)});
  bool ok = r.ok;
  for (size_t i = 0; ok && i < y.size(); ++i) ok = same_float(values<float>(r.outputs[0])[i], std::atan2(y[i], xv[i]));
  s.check(ok, "atan2 f32 matches libm, signed zeros and infinities: " + r.message);
  r = run(one_op("stablehlo.atan2", "", {"tensor<2xf64>", "tensor<2xf64>"}, "tensor<2xf64>"),
          {make<double>(ElementType::kF64, {2}, {1, 2}), make<double>(ElementType::kF64, {2}, {3, -5})});
  s.check(r.ok && values<double>(r.outputs[0]) == std::vector<double>{std::atan2(1.0, 3.0), std::atan2(2.0, -5.0)}, "atan2 f64");
  std::vector<float> c = {27, -8, 0, -0.0f, 2, inf, nan};
  r = run(one_op("stablehlo.cbrt", "", {"tensor<7xf32>"}, "tensor<7xf32>"), {make<float>(ElementType::kF32, {7}, c)});
  ok = r.ok;
  for (size_t i = 0; ok && i < c.size(); ++i) ok = same_float(values<float>(r.outputs[0])[i], std::cbrt(c[i])) && std::signbit(values<float>(r.outputs[0])[i]) == std::signbit(std::cbrt(c[i]));
  s.check(ok, "cbrt f32 (negative inputs, signed zero): " + r.message);
  r = run(one_op("stablehlo.cbrt", "", {"tensor<1xf16>"}, "tensor<1xf16>"), {make<uint16_t>(ElementType::kF16, {1}, {0x4800})});  // 8
  s.check(r.ok && values<uint16_t>(r.outputs[0])[0] == 0x4000, "cbrt f16 of 8 is 2: " + r.message);
  r = run(one_op("stablehlo.is_finite", "", {"tensor<5xf32>"}, "tensor<5xi1>"),
          {make<float>(ElementType::kF32, {5}, {1, inf, -inf, nan, -0.0f})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{1, 0, 0, 0, 1}, "is_finite: " + r.message);
  r = run(one_op("stablehlo.is_finite", "", {"tensor<2xbf16>"}, "tensor<2xi1>"), {make<uint16_t>(ElementType::kBF16, {2}, {0x7f80, 0x3f80})});
  s.check(r.ok && values<uint8_t>(r.outputs[0]) == std::vector<uint8_t>{0, 1}, "is_finite bf16: " + r.message);
  r = run(one_op("stablehlo.bitcast_convert", "", {"tensor<2xf32>"}, "tensor<2xi32>"), {make<float>(ElementType::kF32, {2}, {1.0f, -2.0f})});
  s.check(r.ok && values<int32_t>(r.outputs[0]) == std::vector<int32_t>{0x3f800000, static_cast<int32_t>(0xc0000000)}, "f32 -> i32 bits: " + r.message);
  r = run(one_op("stablehlo.bitcast_convert", "", {"tensor<2xf32>"}, "tensor<2x2xui16>"), {make<float>(ElementType::kF32, {2}, {1.0f, -2.0f})});
  s.check(r.ok && values<uint16_t>(r.outputs[0]) == std::vector<uint16_t>{0, 0x3f80, 0, 0xc000}, "f32 -> 2 x ui16 (little-endian): " + r.message);
  r = run(one_op("stablehlo.bitcast_convert", "", {"tensor<1x4xui8>"}, "tensor<1xf32>"), {make<uint8_t>(ElementType::kU8, {1, 4}, {0, 0, 0x80, 0x3f})});
  s.check(r.ok && values<float>(r.outputs[0])[0] == 1.0f, "4 x ui8 -> f32: " + r.message);
  r = compile_only(one_op("stablehlo.bitcast_convert", "", {"tensor<3xui8>"}, "tensor<f32>"));
  s.check(!r.ok && r.message.find("last dim") != std::string::npos, "width mismatch rejected: " + r.message);
  r = compile_only(one_op("stablehlo.cbrt", "", {"tensor<2xi32>"}, "tensor<2xi32>"));
  s.check(!r.ok && r.message.find("float") != std::string::npos, "cbrt of integers rejected: " + r.message);
  r = compile_only(one_op("stablehlo.is_finite", "", {"tensor<2xf32>"}, "tensor<2xf32>"));
  s.check(!r.ok, "is_finite must give i1: " + r.message);
}

std::string cmp_region(const std::string& et, const std::string& dir, const std::string& type, int n_ops) {
  std::string sc = "tensor<" + et + ">";
  std::string args = "%l0: " + sc + ", %r0: " + sc;
  for (int k = 1; k < n_ops; ++k) args += ", %l" + std::to_string(k) + ": tensor<i32>, %r" + std::to_string(k) + ": tensor<i32>";
  return "({\n    ^bb0(" + args + "):\n      %c = \"stablehlo.compare\"(%l0, %r0) {comparison_direction = #stablehlo<comparison_direction " +
         dir + ">, compare_type = #stablehlo<comparison_type " + type + ">} : (" + sc + ", " + sc +
         ") -> tensor<i1>\n      \"stablehlo.return\"(%c) : (tensor<i1>) -> ()\n    })";
}

void sort_tests(Suite& s) {
  s.current = "sort";
  const float nan = std::nanf("");
  std::vector<float> v = {3, 1, nan, -2, 1, 0, -0.0f, 5};
  std::string text = module_of("tensor<8xf32>", "tensor<8xf32>",
                               "    %0 = \"stablehlo.sort\"(%a0) " + cmp_region("f32", "LT", "TOTALORDER", 1) +
                                   " {dimension = 0 : i64, is_stable = true} : (tensor<8xf32>) -> tensor<8xf32>",
                               "%0");
  RunResult r = run(text, {make<float>(ElementType::kF32, {8}, v)});
  std::vector<float> got = r.ok ? values<float>(r.outputs[0]) : std::vector<float>{};
  s.check(r.ok && got.size() == 8 && got[0] == -2 && std::signbit(got[1]) && got[2] == 0 && !std::signbit(got[2]) &&
              got[3] == 1 && got[5] == 3 && got[6] == 5 && std::isnan(got[7]),
          "ascending TOTALORDER: -0 before +0, NaN last: " + r.message);
  // (key, iota) pairs sorted descending by key: stable, so ties keep index order (top-k).
  std::string two = module_of("tensor<2x4xf32>, tensor<2x4xi32>", "tensor<2x4xf32>, tensor<2x4xi32>",
                              "    %0:2 = \"stablehlo.sort\"(%a0, %a1) " + cmp_region("f32", "GT", "FLOAT", 2) +
                                  " {dimension = 1 : i64, is_stable = true} : (tensor<2x4xf32>, tensor<2x4xi32>) -> "
                                  "(tensor<2x4xf32>, tensor<2x4xi32>)",
                              "%0#0, %0#1");
  r = run(two, {make<float>(ElementType::kF32, {2, 4}, {1, 7, 7, 2, 0, -1, 4, 4}),
                make<int32_t>(ElementType::kS32, {2, 4}, {0, 1, 2, 3, 0, 1, 2, 3})});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{7, 7, 2, 1, 4, 4, 0, -1} &&
              values<int32_t>(r.outputs[1]) == std::vector<int32_t>{1, 2, 3, 0, 2, 3, 0, 1},
          "2-operand descending sort along dim 1 is stable: " + r.message);
  // Along dim 0 of a 3x2 i64, against std::stable_sort per column; sizes around powers of two.
  for (int n : {1, 2, 3, 5, 8, 17}) {
    std::vector<int64_t> a(n * 2);
    for (int i = 0; i < n * 2; ++i) a[i] = (i * 7919) % 13 - 6;
    std::string t = "tensor<" + std::to_string(n) + "x2xi64>";
    std::string m = module_of(t, t,
                              "    %0 = \"stablehlo.sort\"(%a0) " + cmp_region("i64", "LT", "SIGNED", 1) +
                                  " {dimension = 0 : i64} : (" + t + ") -> " + t,
                              "%0");
    r = run(m, {make<int64_t>(ElementType::kS64, {n, 2}, a)});
    std::vector<int64_t> want = a;
    for (int c = 0; c < 2; ++c) {
      std::vector<int64_t> col;
      for (int i = 0; i < n; ++i) col.push_back(a[i * 2 + c]);
      std::sort(col.begin(), col.end());
      for (int i = 0; i < n; ++i) want[i * 2 + c] = col[i];
    }
    s.check(r.ok && values<int64_t>(r.outputs[0]) == want, "i64 columns of length " + std::to_string(n) + ": " + r.message);
  }
  // The typed fast path (one compare) and the region evaluator (same order written as
  // compare(negate(r), negate(l))) agree on f32 with NaNs, signed zeros and ties.
  {
    std::vector<float> data(257);
    for (int i = 0; i < 257; ++i) data[i] = static_cast<float>((i * 7919) % 61 - 30) / 4.0f;
    data[5] = nan;
    data[100] = -0.0f;
    data[200] = std::numeric_limits<float>::infinity();
    std::string t = "tensor<257xf32>";
    std::string fast = module_of(t, t, "    %0 = \"stablehlo.sort\"(%a0) " + cmp_region("f32", "LT", "TOTALORDER", 1) +
                                          " {dimension = 0 : i64} : (" + t + ") -> " + t, "%0");
    std::string general = module_of(t, t, R"(    %0 = "stablehlo.sort"(%a0) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %nl = "stablehlo.negate"(%l) : (tensor<f32>) -> tensor<f32>
      %nr = "stablehlo.negate"(%r) : (tensor<f32>) -> tensor<f32>
      %c = "stablehlo.compare"(%nr, %nl) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type TOTALORDER>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      "stablehlo.return"(%c) : (tensor<i1>) -> ()
    }) {dimension = 0 : i64} : (tensor<257xf32>) -> tensor<257xf32>)", "%0");
    std::string swapped = module_of(t, t, R"(    %0 = "stablehlo.sort"(%a0) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %c = "stablehlo.compare"(%r, %l) {comparison_direction = #stablehlo<comparison_direction GT>, compare_type = #stablehlo<comparison_type TOTALORDER>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
      "stablehlo.return"(%c) : (tensor<i1>) -> ()
    }) {dimension = 0 : i64} : (tensor<257xf32>) -> tensor<257xf32>)", "%0");
    Tensor in = make<float>(ElementType::kF32, {257}, data);
    RunResult a = run(fast, {in}), b = run(general, {in}), c = run(swapped, {in});
    bool same = a.ok && b.ok && c.ok;
    if (same) {
      std::vector<uint32_t> va(257), vb(257), vc(257);
      std::memcpy(va.data(), a.outputs[0].storage->data(), 257 * 4);
      std::memcpy(vb.data(), b.outputs[0].storage->data(), 257 * 4);
      std::memcpy(vc.data(), c.outputs[0].storage->data(), 257 * 4);
      same = va == vb && va == vc;
    }
    s.check(same, "typed comparator, swapped compare and region evaluator give the same bits: " + a.message + b.message + c.message);
  }
  // A comparator that is not a strict order (always true) must not crash.
  std::string bad = module_of("tensor<9xf32>", "tensor<9xf32>", R"(    %0 = "stablehlo.sort"(%a0) ({
    ^bb0(%l: tensor<f32>, %r: tensor<f32>):
      %t = "stablehlo.constant"() {value = dense<true> : tensor<i1>} : () -> tensor<i1>
      "stablehlo.return"(%t) : (tensor<i1>) -> ()
    }) {dimension = 0 : i64} : (tensor<9xf32>) -> tensor<9xf32>)", "%0");
  r = run(bad, {make<float>(ElementType::kF32, {9}, {1, 2, 3, 4, 5, 6, 7, 8, 9})});
  std::vector<float> sorted = r.ok ? values<float>(r.outputs[0]) : std::vector<float>{};
  std::sort(sorted.begin(), sorted.end());
  s.check(r.ok && sorted == std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9}, "an always-true comparator permutes safely: " + r.message);
  r = compile_only(module_of("tensor<4xf32>", "tensor<4xf32>",
                             "    %0 = \"stablehlo.sort\"(%a0) " + cmp_region("f64", "LT", "FLOAT", 1) +
                                 " {dimension = 0 : i64} : (tensor<4xf32>) -> tensor<4xf32>",
                             "%0"));
  s.check(!r.ok && r.message.find("comparator") != std::string::npos, "comparator argument types checked: " + r.message);
  r = compile_only(module_of("tensor<4xf32>", "tensor<4xf32>",
                             "    %0 = \"stablehlo.sort\"(%a0) " + cmp_region("f32", "LT", "FLOAT", 1) +
                                 " {dimension = 1 : i64} : (tensor<4xf32>) -> tensor<4xf32>",
                             "%0"));
  s.check(!r.ok && r.message.find("dimension") != std::string::npos, "dimension range checked: " + r.message);
}

void rng_tests(Suite& s) {
  s.current = "rng_bit_generator";
  // Known answers from the Random123 distribution's test vectors.
  uint32_t out2[2];
  const uint32_t k0[2] = {0, 0}, c0[2] = {0, 0};
  kernels::threefry2x32(k0, c0, out2);
  s.check(out2[0] == 0x6b200159u && out2[1] == 0x99ba4efeu, "threefry2x32-20 zero vector");
  const uint32_t k1[2] = {0xffffffffu, 0xffffffffu}, c1[2] = {0xffffffffu, 0xffffffffu};
  kernels::threefry2x32(k1, c1, out2);
  s.check(out2[0] == 0x1cb996fcu && out2[1] == 0xbb002be7u, "threefry2x32-20 all-ones vector");
  const uint32_t k2[2] = {0x13198a2eu, 0x03707344u}, c2[2] = {0x243f6a88u, 0x85a308d3u};
  kernels::threefry2x32(k2, c2, out2);
  s.check(out2[0] == 0xc4923a9cu && out2[1] == 0x483df7a0u, "threefry2x32-20 pi vector");
  uint32_t out4[4];
  const uint32_t c4[4] = {0, 0, 0, 0};
  kernels::philox4x32(k0, c4, out4);
  s.check(out4[0] == 0x6627e8d5u && out4[1] == 0xe169c58du && out4[2] == 0xbc57ac4cu && out4[3] == 0x9b00dbd8u,
          "philox4x32-10 zero vector");
  const uint32_t c4b[4] = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, k4b[2] = {0xa4093822u, 0x299f31d0u};
  kernels::philox4x32(k4b, c4b, out4);
  s.check(out4[0] == 0xd16cfe09u && out4[1] == 0x94fdccebu && out4[2] == 0x5001e420u && out4[3] == 0x24126ea1u,
          "philox4x32-10 pi vector");

  auto gen = [&](const std::string& alg, int n_state, const std::string& out_type, std::vector<uint64_t> state) {
    std::string st = "tensor<" + std::to_string(n_state) + "xui64>";
    std::string text = module_of(st, st + ", " + out_type,
                                 "    %0:2 = \"stablehlo.rng_bit_generator\"(%a0) {rng_algorithm = #stablehlo<rng_algorithm " +
                                     alg + ">} : (" + st + ") -> (" + st + ", " + out_type + ")",
                                 "%0#0, %0#1");
    return run(text, {make<uint64_t>(ElementType::kU64, {n_state}, state)});
  };
  RunResult a = gen("THREE_FRY", 2, "tensor<1000xui32>", {42, 0});
  RunResult b = gen("THREE_FRY", 2, "tensor<1000xui32>", {42, 0});
  RunResult c = gen("THREE_FRY", 2, "tensor<1000xui32>", {43, 0});
  s.check(a.ok && b.ok && c.ok && values<uint32_t>(a.outputs[1]) == values<uint32_t>(b.outputs[1]), "same state, same bits: " + a.message);
  s.check(a.ok && c.ok && values<uint32_t>(a.outputs[1]) != values<uint32_t>(c.outputs[1]), "another key, other bits");
  s.check(a.ok && values<uint64_t>(a.outputs[0]) == std::vector<uint64_t>{42, 500}, "THREE_FRY advances the counter by the 64-bit blocks used");
  // Continuing from the new state gives the next blocks of the same stream.
  RunResult d = gen("THREE_FRY", 2, "tensor<1000xui32>", {42, 250});
  if (a.ok && d.ok) {
    std::vector<uint32_t> va = values<uint32_t>(a.outputs[1]), vd = values<uint32_t>(d.outputs[1]);
    s.check(std::equal(vd.begin(), vd.begin() + 500, va.begin() + 500), "the stream is a function of the counter");
  }
  // Statistics: each bit is set about half the time; mean of uniform bytes near 127.5.
  if (a.ok) {
    std::vector<uint32_t> va = values<uint32_t>(a.outputs[1]);
    bool bits_ok = true;
    for (int bit = 0; bit < 32; ++bit) {
      int ones = 0;
      for (uint32_t w : va) ones += (w >> bit) & 1;
      bits_ok = bits_ok && ones > 430 && ones < 570;  // ~4.4 sigma
    }
    s.check(bits_ok, "THREE_FRY: every bit position is balanced");
  }
  RunResult p = gen("PHILOX", 3, "tensor<2x5xui64>", {7, ~uint64_t{0}, 0});
  s.check(p.ok && values<uint64_t>(p.outputs[0]) == std::vector<uint64_t>{7, 4, 1}, "PHILOX carries the 128-bit counter: " + p.message);
  RunResult p2 = gen("PHILOX", 2, "tensor<3xf32>", {7, 0});
  s.check(p2.ok && values<uint64_t>(p2.outputs[0]) == std::vector<uint64_t>{7, 1}, "PHILOX 2-word state: " + p2.message);
  RunResult bad = gen("THREE_FRY", 3, "tensor<4xui32>", {1, 2, 3});
  s.check(!bad.ok && bad.message.find("initial_state") != std::string::npos, "THREE_FRY needs 2 state words: " + bad.message);
}

void control_tests(Suite& s) {
  s.current = "while, if, case";
  // sum of i for i in [0, n): (i, acc) carried.
  std::string loop = module_of("tensor<i32>", "tensor<i32>, tensor<i32>", R"(    %z = "stablehlo.constant"() {value = dense<0> : tensor<i32>} : () -> tensor<i32>
    %0:2 = "stablehlo.while"(%z, %z) ({
    ^bb0(%i: tensor<i32>, %acc: tensor<i32>):
      %c = "stablehlo.compare"(%i, %a0) {comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%c) : (tensor<i1>) -> ()
    }, {
    ^bb0(%i: tensor<i32>, %acc: tensor<i32>):
      %one = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %s = "stablehlo.add"(%acc, %i) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %n = "stablehlo.add"(%i, %one) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      "stablehlo.return"(%n, %s) : (tensor<i32>, tensor<i32>) -> ()
    }) : (tensor<i32>, tensor<i32>) -> (tensor<i32>, tensor<i32>))",
                               "%0#0, %0#1");
  RunResult r = run(loop, {make<int32_t>(ElementType::kS32, {}, {10})});
  s.check(r.ok && values<int32_t>(r.outputs[0])[0] == 10 && values<int32_t>(r.outputs[1])[0] == 45, "while sums 0..9: " + r.message);
  r = run(loop, {make<int32_t>(ElementType::kS32, {}, {-1})});
  s.check(r.ok && values<int32_t>(r.outputs[1])[0] == 0, "while with a false first condition runs no body: " + r.message);
  // A loop that swaps its carried values and returns a parameter unchanged.
  std::string swap = module_of("tensor<2xf32>, tensor<2xf32>", "tensor<2xf32>, tensor<2xf32>, tensor<i64>", R"(    %z = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
    %0:3 = "stablehlo.while"(%a0, %a1, %z) ({
    ^bb0(%x: tensor<2xf32>, %y: tensor<2xf32>, %k: tensor<i64>):
      %three = "stablehlo.constant"() {value = dense<3> : tensor<i64>} : () -> tensor<i64>
      %c = "stablehlo.compare"(%k, %three) {comparison_direction = #stablehlo<comparison_direction LT>} : (tensor<i64>, tensor<i64>) -> tensor<i1>
      "stablehlo.return"(%c) : (tensor<i1>) -> ()
    }, {
    ^bb0(%x: tensor<2xf32>, %y: tensor<2xf32>, %k: tensor<i64>):
      %one = "stablehlo.constant"() {value = dense<1> : tensor<i64>} : () -> tensor<i64>
      %n = "stablehlo.add"(%k, %one) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%y, %x, %n) : (tensor<2xf32>, tensor<2xf32>, tensor<i64>) -> ()
    }) : (tensor<2xf32>, tensor<2xf32>, tensor<i64>) -> (tensor<2xf32>, tensor<2xf32>, tensor<i64>))",
                               "%0#0, %0#1, %0#2");
  Tensor xa = make<float>(ElementType::kF32, {2}, {1, 2}), xb = make<float>(ElementType::kF32, {2}, {3, 4});
  r = run(swap, {xa, xb});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{3, 4} && values<float>(r.outputs[1]) == std::vector<float>{1, 2},
          "three swaps: " + r.message);
  s.check(r.ok && r.outputs[1].storage != xa.storage, "a result never shares the argument's storage");
  std::string branch = module_of("tensor<i1>, tensor<2xf32>", "tensor<2xf32>", R"(    %0 = "stablehlo.if"(%a0) ({
      %n = "stablehlo.negate"(%a1) : (tensor<2xf32>) -> tensor<2xf32>
      "stablehlo.return"(%n) : (tensor<2xf32>) -> ()
    }, {
      "stablehlo.return"(%a1) : (tensor<2xf32>) -> ()
    }) : (tensor<i1>) -> tensor<2xf32>)",
                                 "%0");
  r = run(branch, {make<uint8_t>(ElementType::kPred, {}, {1}), xa});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{-1, -2}, "if true: " + r.message);
  r = run(branch, {make<uint8_t>(ElementType::kPred, {}, {0}), xa});
  s.check(r.ok && values<float>(r.outputs[0]) == std::vector<float>{1, 2}, "if false: " + r.message);
  std::string cases = module_of("tensor<i32>, tensor<f32>", "tensor<f32>", R"(    %0 = "stablehlo.case"(%a0) ({
      "stablehlo.return"(%a1) : (tensor<f32>) -> ()
    }, {
      %d = "stablehlo.add"(%a1, %a1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%d) : (tensor<f32>) -> ()
    }, {
      %m = "stablehlo.multiply"(%a1, %a1) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%m) : (tensor<f32>) -> ()
    }) : (tensor<i32>) -> tensor<f32>)",
                                "%0");
  const int32_t picks[] = {0, 1, 2, 7, -1};
  const float want[] = {5, 10, 25, 25, 25};
  for (int k = 0; k < 5; ++k) {
    r = run(cases, {make<int32_t>(ElementType::kS32, {}, {picks[k]}), make<float>(ElementType::kF32, {}, {5})});
    s.check(r.ok && values<float>(r.outputs[0])[0] == want[k], "case index " + std::to_string(picks[k]) + ": " + r.message);
  }
  r = compile_only(module_of("tensor<i32>, tensor<f32>", "tensor<f32>", R"(    %0 = "stablehlo.if"(%a0) ({
      "stablehlo.return"(%a1) : (tensor<f32>) -> ()
    }, {
      "stablehlo.return"(%a1) : (tensor<f32>) -> ()
    }) : (tensor<i32>) -> tensor<f32>)",
                             "%0"));
  s.check(!r.ok && r.message.find("pred") != std::string::npos, "if needs an i1 predicate: " + r.message);
  r = compile_only(module_of("tensor<i1>, tensor<f32>", "tensor<f32>", R"(    %0 = "stablehlo.if"(%a0) ({
      "stablehlo.return"(%a1) : (tensor<f32>) -> ()
    }, {
      %c = "stablehlo.convert"(%a1) : (tensor<f32>) -> tensor<f64>
      "stablehlo.return"(%c) : (tensor<f64>) -> ()
    }) : (tensor<i1>) -> tensor<f32>)",
                             "%0"));
  s.check(!r.ok && r.message.find("branch") != std::string::npos, "branch result types checked: " + r.message);
}

}  // namespace

void indexing_tests(Suite& s) {
  gather_tests(s);
  scatter_tests(s);
  dynamic_slice_tests(s);
  dynamic_update_slice_in_place_tests(s);
  elementwise_extra_tests(s);
  sort_tests(s);
  rng_tests(s);
  control_tests(s);
}

}  // namespace tsmlx::cpu::test
