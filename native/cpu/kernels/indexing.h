// Kernels of the indexing family: gather, scatter, dynamic_slice, dynamic_update_slice,
// sort and rng_bit_generator. Inputs are verified
// by the time a kernel runs; outputs arrive allocated with their result types.
#pragma once

#include <functional>
#include <vector>

#include "engine/engine.h"
#include "ir/ir.h"
#include "kernels/kernels.h"

namespace tsmlx::cpu::kernels {

// An integer scalar tensor as int64 (ui64 above INT64_MAX saturates). Example: scalar_index(start)
int64_t scalar_index(const Tensor& t);

// gather per the StableHLO spec; start indices clamp so that each slice lies inside `x`.
void gather(const Tensor& x, const Tensor& indices, const ir::GatherDims& dims, const std::vector<int64_t>& slice_sizes,
            Tensor& out);

// scatter of N inputs: outs start as copies of inputs; each update element whose target
// index lies inside the input is combined into it (in row-major update order) with the
// update computation: `replace` writes the update, `fast` names a one-op body
// (add/multiply/maximum/minimum/and/or), else `body` runs (args: N current, N updates).
void scatter(const std::vector<const Tensor*>& inputs, const Tensor& indices, const std::vector<const Tensor*>& updates,
             const ir::ScatterDims& dims, bool replace, ir::OpKind fast, const ScalarBody& body,
             const std::vector<Tensor*>& outs);

// dynamic_slice: starts clamp to [0, dim - size]. Example: dynamic_slice(x, {1, 0}, out)
void dynamic_slice(const Tensor& x, std::vector<int64_t> starts, Tensor& out);
// dynamic_update_slice: out = x with `update` written at the clamped starts.
void dynamic_update_slice(const Tensor& x, const Tensor& update, std::vector<int64_t> starts, Tensor& out);

// The comparator of sort: args = lhs0, rhs0, lhs1, rhs1, ... (one element each); true
// when lhs goes first.
using Comparator = std::function<bool(const void* const* args)>;
// sort of N operands along `axis`, stable (a merge sort, safe for any comparator).
void sort(const std::vector<const Tensor*>& ins, int64_t axis, const Comparator& less, const std::vector<Tensor*>& outs);
// sort whose comparator is one compare of (lhs0, rhs0): `dir` under `cmp` on typed keys of
// operand 0, with no region evaluation. Example: sort_by_compare(ins, 1, kGT, kTotalOrder, outs)
void sort_by_compare(const std::vector<const Tensor*>& ins, int64_t axis, ir::CompareDir dir, ir::CompareType cmp,
                     const std::vector<Tensor*>& outs);

// rng_bit_generator: fills `out` with bits from the counter-based generator named by
// `algorithm` (DEFAULT is THREE_FRY) and writes the advanced state.
//   THREE_FRY: state = [key, counter]; block i is threefry2x32-20(key, counter + i), 64 bits.
//   PHILOX: state = [key, counter_lo(, counter_hi)]; block i is philox4x32-10(key, counter + i), 128 bits.
// The new state keeps the key and advances the counter by the blocks used.
void rng_bit_generator(ir::RngAlgorithm algorithm, const Tensor& state, Tensor& new_state, Tensor& out);
// The same with the widest vectors the CPU has (wide_vectors, what rng_bit_generator does) or
// with the baseline x86-64 vectors only; both give the same bits (tests compare them).
// Example: rng_bit_generator_on(ir::RngAlgorithm::kThreeFry, state, next, bits, false);
void rng_bit_generator_on(ir::RngAlgorithm algorithm, const Tensor& state, Tensor& new_state, Tensor& out,
                          bool wide_vectors);

// The two block functions, exposed for known-answer tests.
// Example: threefry2x32({0, 0}, {0, 0}) == {0x6b200159, 0x99ba4efe}
void threefry2x32(const uint32_t key[2], const uint32_t counter[2], uint32_t out[2]);
void philox4x32(const uint32_t key[2], const uint32_t counter[4], uint32_t out[4]);

}  // namespace tsmlx::cpu::kernels
