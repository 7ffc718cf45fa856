// rng_bit_generator: counter-based generators (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011): threefry2x32 with 20 rounds and philox4x32 with 10 rounds.
#include <cstring>

#include "kernels/indexing.h"

namespace tsmlx::cpu::kernels {
namespace {

inline uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

}  // namespace

void threefry2x32(const uint32_t key[2], const uint32_t counter[2], uint32_t out[2]) {
  static constexpr int kRot[8] = {13, 15, 26, 6, 17, 29, 16, 24};
  const uint32_t ks[3] = {key[0], key[1], key[0] ^ key[1] ^ 0x1BD11BDAu};
  uint32_t x0 = counter[0] + ks[0], x1 = counter[1] + ks[1];
  for (int g = 0; g < 5; ++g) {
    for (int j = 0; j < 4; ++j) {
      x0 += x1;
      x1 = rotl(x1, kRot[(g % 2) * 4 + j]);
      x1 ^= x0;
    }
    x0 += ks[(g + 1) % 3];
    x1 += ks[(g + 2) % 3] + static_cast<uint32_t>(g + 1);
  }
  out[0] = x0;
  out[1] = x1;
}

void philox4x32(const uint32_t key[2], const uint32_t counter[4], uint32_t out[4]) {
  uint32_t k0 = key[0], k1 = key[1];
  uint32_t c0 = counter[0], c1 = counter[1], c2 = counter[2], c3 = counter[3];
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k0 += 0x9E3779B9u;
      k1 += 0xBB67AE85u;
    }
    const uint64_t p0 = static_cast<uint64_t>(0xD2511F53u) * c0, p1 = static_cast<uint64_t>(0xCD9E8D57u) * c2;
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  out[0] = c0;
  out[1] = c1;
  out[2] = c2;
  out[3] = c3;
}

void rng_bit_generator(ir::RngAlgorithm algorithm, const Tensor& state, Tensor& new_state, Tensor& out) {
  const int64_t n_state = state.type.dims[0];
  std::vector<uint64_t> st(static_cast<size_t>(n_state));
  std::memcpy(st.data(), state.storage->data(), st.size() * 8);
  const uint32_t key[2] = {static_cast<uint32_t>(st[0]), static_cast<uint32_t>(st[0] >> 32)};
  const size_t bytes = out.type.byte_size();
  auto* dst = static_cast<uint8_t*>(out.storage->data());
  if (algorithm != ir::RngAlgorithm::kPhilox) {
    const uint64_t blocks = (bytes + 7) / 8;
    for (uint64_t i = 0; i < blocks; ++i) {
      const uint64_t c = st[1] + i;
      const uint32_t ctr[2] = {static_cast<uint32_t>(c), static_cast<uint32_t>(c >> 32)};
      uint32_t r[2];
      threefry2x32(key, ctr, r);
      const size_t take = std::min<size_t>(8, bytes - i * 8);
      std::memcpy(dst + i * 8, r, take);
    }
    st[1] += blocks;
  } else {
    const uint64_t blocks = (bytes + 15) / 16;
    uint64_t lo = st[1], hi = n_state == 3 ? st[2] : 0;
    for (uint64_t i = 0; i < blocks; ++i) {
      const uint32_t ctr[4] = {static_cast<uint32_t>(lo), static_cast<uint32_t>(lo >> 32), static_cast<uint32_t>(hi),
                               static_cast<uint32_t>(hi >> 32)};
      uint32_t r[4];
      philox4x32(key, ctr, r);
      const size_t take = std::min<size_t>(16, bytes - i * 16);
      std::memcpy(dst + i * 16, r, take);
      if (++lo == 0) ++hi;
    }
    st[1] = lo;
    if (n_state == 3) st[2] = hi;
  }
  std::memcpy(new_state.storage->data(), st.data(), st.size() * 8);
}

}  // namespace tsmlx::cpu::kernels
