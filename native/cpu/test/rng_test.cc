// rng_bit_generator's vectorised, threaded kernels (baseline and AVX-512) against the
// one-block-at-a-time walk (threefry2x32 / philox4x32 per counter): every size around the
// lane groups and the thread split, byte counts that end inside a block, both philox state
// sizes and counters whose low word or whole 64-bit half wraps.
#include <cstring>

#include "kernels/indexing.h"
#include "test/harness.h"

namespace tsmlx::cpu::test {
namespace {

using ir::RngAlgorithm;

Tensor tensor_of(ElementType t, std::vector<int64_t> dims) {
  Tensor x;
  x.type.type = t;
  x.type.dims = std::move(dims);
  x.storage = Storage::allocate(x.type.byte_size());
  if (x.type.byte_size()) std::memset(x.storage->data(), 0xA5, x.type.byte_size());
  return x;
}

// The straightforward generator: one block per counter, in order, bytes copied as they come.
void reference(RngAlgorithm alg, std::vector<uint64_t> st, size_t bytes, uint8_t* dst, std::vector<uint64_t>* next) {
  const uint32_t key[2] = {static_cast<uint32_t>(st[0]), static_cast<uint32_t>(st[0] >> 32)};
  if (alg != RngAlgorithm::kPhilox) {
    const uint64_t blocks = (bytes + 7) / 8;
    for (uint64_t i = 0; i < blocks; ++i) {
      const uint64_t c = st[1] + i;
      const uint32_t ctr[2] = {static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32)};
      uint32_t r[2];
      kernels::threefry2x32(key, ctr, r);
      std::memcpy(dst + i * 8, r, std::min<size_t>(8, bytes - i * 8));
    }
    st[1] += blocks;
  } else {
    const uint64_t blocks = (bytes + 15) / 16;
    uint64_t lo = st[1], hi = st.size() == 3 ? st[2] : 0;
    for (uint64_t i = 0; i < blocks; ++i) {
      const uint32_t ctr[4] = {static_cast<uint32_t>(lo), static_cast<uint32_t>(lo >> 32), static_cast<uint32_t>(hi),
                               static_cast<uint32_t>(hi >> 32)};
      uint32_t r[4];
      kernels::philox4x32(key, ctr, r);
      std::memcpy(dst + i * 16, r, std::min<size_t>(16, bytes - i * 16));
      if (++lo == 0) ++hi;
    }
    st[1] = lo;
    if (st.size() == 3) st[2] = hi;
  }
  *next = st;
}

void compare(Suite& s, RngAlgorithm alg, const std::vector<uint64_t>& state, ElementType et, int64_t n) {
  const std::string what = std::string(alg == RngAlgorithm::kPhilox ? "PHILOX" : "THREE_FRY") + " u64[" +
                           std::to_string(state.size()) + "] counter " + std::to_string(state[1]) + ", " +
                           std::to_string(n) + " x " + element_type_name(et);
  Tensor st = make<uint64_t>(ElementType::kU64, {static_cast<int64_t>(state.size())}, state);
  const size_t bytes = tensor_of(et, {n}).type.byte_size();
  std::vector<uint8_t> want(bytes + 1, 0xA5);
  std::vector<uint64_t> want_state;
  reference(alg, state, bytes, want.data(), &want_state);
  // The baseline vectors, and the widest the CPU has (AVX-512 where present).
  for (bool wide : {false, true}) {
    Tensor next = tensor_of(ElementType::kU64, {static_cast<int64_t>(state.size())});
    Tensor out = tensor_of(et, {n});
    kernels::rng_bit_generator_on(alg, st, next, out, wide);
    const std::string how = what + (wide ? " (widest vectors)" : " (baseline vectors)");
    s.check(bytes == 0 || std::memcmp(out.storage->data(), want.data(), bytes) == 0, how + ": same bits");
    s.check(values<uint64_t>(next) == want_state, how + ": same next state");
  }
}

}  // namespace

void rng_fast_tests(Suite& s) {
  s.current = "rng_bit_generator kernel equals the one-block walk";
  // Lane groups hold 16 threefry blocks (32 with AVX-512) or 8 philox blocks; a thread's
  // share is at least 8192 threefry or 4096 philox blocks.
  const std::vector<int64_t> blocks = {0,  1,    7,    8,    9,    15,   16,   17,   31,           32,     33,
                                       63, 4095, 4096, 4097, 8191, 8192, 8193, 8223, 3 * 8192 + 5, 1 << 17};
  const std::vector<std::vector<uint64_t>> tf_states = {
      {42, 0}, {0xDEADBEEFCAFEF00Dull, 0xFFFFFFFFull - 20}, {7, ~uint64_t{0} - 3}};
  for (const auto& st : tf_states) {
    for (int64_t b : blocks) {
      compare(s, RngAlgorithm::kThreeFry, st, ElementType::kU32, 2 * b);
      compare(s, RngAlgorithm::kDefault, st, ElementType::kU64, b);
    }
    for (int64_t n : {1, 3, 5, 13, 127, 129, 1001}) compare(s, RngAlgorithm::kThreeFry, st, ElementType::kU8, n);
    for (int64_t n : {1, 3, 7, 33, 65, 4099}) compare(s, RngAlgorithm::kThreeFry, st, ElementType::kU16, n);
  }
  compare(s, RngAlgorithm::kThreeFry, {1, 0}, ElementType::kU32, 920 * 1024);  // dropout-sized
  const std::vector<std::vector<uint64_t>> ph_states = {{42, 0},
                                                        {3, 0xFFFFFFFFull - 9},
                                                        {5, ~uint64_t{0} - 6},
                                                        {5, 0, 9},
                                                        {9, ~uint64_t{0} - 6, 11},
                                                        {9, ~uint64_t{0} - 6, ~uint64_t{0}},
                                                        {9, ~uint64_t{0}, 1}};
  for (const auto& st : ph_states) {
    for (int64_t b : blocks) compare(s, RngAlgorithm::kPhilox, st, ElementType::kU32, 4 * b);
    for (int64_t n : {1, 3, 13, 17, 255, 257}) compare(s, RngAlgorithm::kPhilox, st, ElementType::kU8, n);
    for (int64_t n : {1, 7, 9, 65, 4097}) compare(s, RngAlgorithm::kPhilox, st, ElementType::kU16, n);
  }
  compare(s, RngAlgorithm::kPhilox, {1, 0, 0}, ElementType::kU32, 920 * 1024);
}

}  // namespace tsmlx::cpu::test
