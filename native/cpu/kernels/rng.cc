// rng_bit_generator: counter-based generators (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011): threefry2x32 with 20 rounds and philox4x32 with 10 rounds.
// The kernel runs kLanes counters at once in GCC vector types (baseline SSE2 code, no
// -march needed) and splits the blocks across the thread pool: block i depends only on
// the key and counter + i, so any split gives the bits of the one-block-at-a-time walk.
#include <cstring>

#include "engine/parallel.h"
#include "kernels/indexing.h"

// The vector helpers below pass 64-byte vectors by value; they are all inlined into this
// file's loops, so GCC's note about the AVX-512 calling convention does not apply.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tsmlx::cpu::kernels {
namespace {

inline uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// Counters processed together: 16 lanes of u32 (four SSE2 registers per vector).
constexpr int kLanes = 16;
typedef uint32_t V __attribute__((vector_size(4 * kLanes)));
typedef uint64_t W __attribute__((vector_size(8 * kLanes)));

constexpr uint32_t kThreefryParity = 0x1BD11BDAu;
constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;

template <int R>
inline V rotl_v(V x) {
  return (x << R) | (x >> (32 - R));
}

// Four threefry rounds with rotations R0..R3.
template <int R0, int R1, int R2, int R3>
inline void threefry_rounds(V& x0, V& x1) {
  x0 += x1, x1 = rotl_v<R0>(x1), x1 ^= x0;
  x0 += x1, x1 = rotl_v<R1>(x1), x1 ^= x0;
  x0 += x1, x1 = rotl_v<R2>(x1), x1 ^= x0;
  x0 += x1, x1 = rotl_v<R3>(x1), x1 ^= x0;
}

// threefry2x32-20 of kLanes counters (c0 low words, c1 high words), in place.
inline void threefry_lanes(const uint32_t ks[3], V& x0, V& x1) {
  x0 += ks[0];
  x1 += ks[1];
  threefry_rounds<13, 15, 26, 6>(x0, x1);
  x0 += ks[1], x1 += ks[2] + 1u;
  threefry_rounds<17, 29, 16, 24>(x0, x1);
  x0 += ks[2], x1 += ks[0] + 2u;
  threefry_rounds<13, 15, 26, 6>(x0, x1);
  x0 += ks[0], x1 += ks[1] + 3u;
  threefry_rounds<17, 29, 16, 24>(x0, x1);
  x0 += ks[1], x1 += ks[2] + 4u;
  threefry_rounds<13, 15, 26, 6>(x0, x1);
  x0 += ks[2], x1 += ks[0] + 5u;
}

// The 32x32 -> 64-bit products of each lane with m: high and low halves.
inline void mul_hilo(V x, uint32_t m, V& hi, V& lo) {
  const W p = __builtin_convertvector(x, W) * static_cast<uint64_t>(m);
  hi = __builtin_convertvector(p >> 32, V);
  lo = __builtin_convertvector(p, V);
}

// philox4x32-10 of kLanes counters (c0..c3 the four words), in place.
inline void philox_lanes(uint32_t k0, uint32_t k1, V& c0, V& c1, V& c2, V& c3) {
  for (int r = 0; r < 10; ++r) {
    if (r > 0) k0 += kPhiloxW0, k1 += kPhiloxW1;
    V hi0, lo0, hi1, lo1;
    mul_hilo(c0, kPhiloxM0, hi0, lo0);
    mul_hilo(c2, kPhiloxM1, hi1, lo1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
}

inline V load_v(const uint32_t* p) {
  V v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// The 64-bit counters base + first + j (j < kLanes) as low and high words, and, for a
// 128-bit counter whose high half is `upper`, the high half with the carry of each sum.
inline void counters(uint64_t base, uint64_t first, uint64_t upper, V& lo32, V& hi32, V& up_lo, V& up_hi) {
  alignas(64) uint32_t a[kLanes], b[kLanes], c[kLanes], d[kLanes];
  for (int j = 0; j < kLanes; ++j) {
    const uint64_t ctr = base + first + static_cast<uint64_t>(j);
    const uint64_t up = upper + (ctr < base ? 1u : 0u);  // the sum wrapped past 2^64
    a[j] = static_cast<uint32_t>(ctr), b[j] = static_cast<uint32_t>(ctr >> 32);
    c[j] = static_cast<uint32_t>(up), d[j] = static_cast<uint32_t>(up >> 32);
  }
  lo32 = load_v(a), hi32 = load_v(b), up_lo = load_v(c), up_hi = load_v(d);
}

// Writes `n` bytes of kLanes threefry blocks (block j = words x0[j], x1[j]) to dst.
inline void store_threefry(const V& x0, const V& x1, uint8_t* dst, size_t n) {
  constexpr size_t kFull = 8 * kLanes;
  const V a = __builtin_shuffle(x0, x1, V{0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23});
  const V b = __builtin_shuffle(x0, x1, V{8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31});
  if (n == kFull) {
    std::memcpy(dst, &a, sizeof a);
    std::memcpy(dst + sizeof a, &b, sizeof b);
    return;
  }
  alignas(64) uint8_t tmp[kFull];
  std::memcpy(tmp, &a, sizeof a);
  std::memcpy(tmp + sizeof a, &b, sizeof b);
  std::memcpy(dst, tmp, n);
}

// Writes `n` bytes of kLanes philox blocks (block j = words c0[j], c1[j], c2[j], c3[j]).
inline void store_philox(const V& c0, const V& c1, const V& c2, const V& c3, uint8_t* dst, size_t n) {
  constexpr size_t kFull = 16 * kLanes;
  alignas(64) uint32_t w[4][kLanes];
  std::memcpy(w[0], &c0, sizeof c0);
  std::memcpy(w[1], &c1, sizeof c1);
  std::memcpy(w[2], &c2, sizeof c2);
  std::memcpy(w[3], &c3, sizeof c3);
  alignas(64) uint32_t t[4 * kLanes];
  for (int j = 0; j < kLanes; ++j)
    for (int k = 0; k < 4; ++k) t[4 * j + k] = w[k][j];
  std::memcpy(dst, t, n < kFull ? n : kFull);
}

// Groups of kLanes blocks per parallel chunk at least (about 64 KiB of threefry output).
constexpr int64_t kGrainGroups = 512;

}  // namespace

void threefry2x32(const uint32_t key[2], const uint32_t counter[2], uint32_t out[2]) {
  static constexpr int kRot[8] = {13, 15, 26, 6, 17, 29, 16, 24};
  const uint32_t ks[3] = {key[0], key[1], key[0] ^ key[1] ^ kThreefryParity};
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
      k0 += kPhiloxW0;
      k1 += kPhiloxW1;
    }
    const uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * c0, p1 = static_cast<uint64_t>(kPhiloxM1) * c2;
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
  const bool philox = algorithm == ir::RngAlgorithm::kPhilox;
  const size_t block_bytes = philox ? 16 : 8;
  const uint64_t blocks = (bytes + block_bytes - 1) / block_bytes;
  const uint64_t base = st[1], upper = philox && n_state == 3 ? st[2] : 0;
  const int64_t groups = static_cast<int64_t>((blocks + kLanes - 1) / kLanes);
  const size_t group_bytes = block_bytes * kLanes;
  if (!philox) {
    const uint32_t ks[3] = {key[0], key[1], key[0] ^ key[1] ^ kThreefryParity};
    parallel_for(groups, kGrainGroups, [&](int64_t gb, int64_t ge) {
      for (int64_t g = gb; g < ge; ++g) {
        const uint64_t first = static_cast<uint64_t>(g) * kLanes;
        V x0, x1, unused0, unused1;
        counters(base, first, 0, x0, x1, unused0, unused1);
        threefry_lanes(ks, x0, x1);
        const size_t at = static_cast<size_t>(g) * group_bytes;
        store_threefry(x0, x1, dst + at, std::min(group_bytes, bytes - at));
      }
    });
  } else {
    parallel_for(groups, kGrainGroups / 2, [&](int64_t gb, int64_t ge) {
      for (int64_t g = gb; g < ge; ++g) {
        const uint64_t first = static_cast<uint64_t>(g) * kLanes;
        V c0, c1, c2, c3;
        counters(base, first, upper, c0, c1, c2, c3);
        philox_lanes(key[0], key[1], c0, c1, c2, c3);
        const size_t at = static_cast<size_t>(g) * group_bytes;
        store_philox(c0, c1, c2, c3, dst + at, std::min(group_bytes, bytes - at));
      }
    });
  }
  // The counter advances by the blocks used; a 128-bit philox counter carries into its
  // high word when the low word wraps.
  st[1] = base + blocks;
  if (philox && n_state == 3 && st[1] < base) st[2] = upper + 1;
  std::memcpy(new_state.storage->data(), st.data(), st.size() * 8);
}

}  // namespace tsmlx::cpu::kernels
