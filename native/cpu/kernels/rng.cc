// rng_bit_generator: counter-based generators (Salmon et al., "Parallel random numbers: as
// easy as 1, 2, 3", SC 2011): threefry2x32 with 20 rounds and philox4x32 with 10 rounds.
// The kernel runs many counters at once in GCC vector types (baseline SSE2 code, no
// -march needed; threefry also has an AVX-512 loop, taken when the CPU reports AVX-512F at
// run time) and splits the blocks across the thread pool: block i depends only on the key
// and counter + i, so any split gives the bits of the one-block-at-a-time walk.
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/cpu_features.h"
#include "engine/parallel.h"
#include "kernels/indexing.h"

namespace tsmlx::cpu::kernels {
namespace {

inline uint32_t rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }

// Counters run in G native 4-lane u32 vectors (SSE2 registers on x86-64) side by side, so
// that the rounds of independent vectors overlap; G is picked so that the state fits in
// the 16 vector registers (threefry: 2 words x 4 vectors, philox: 4 words x 2 vectors).
typedef uint32_t V __attribute__((vector_size(16)));
typedef uint64_t W __attribute__((vector_size(16)));
constexpr int kThreefryG = 4, kPhiloxG = 2;

constexpr uint32_t kThreefryParity = 0x1BD11BDAu;
constexpr uint32_t kPhiloxM0 = 0xD2511F53u, kPhiloxM1 = 0xCD9E8D57u;
constexpr uint32_t kPhiloxW0 = 0x9E3779B9u, kPhiloxW1 = 0xBB67AE85u;

#define TSMLX_EACH(G) _Pragma("GCC unroll 8") for (int k = 0; k < (G); ++k)

// Four threefry rounds with rotations R0..R3 on G vectors.
template <int G, int R0, int R1, int R2, int R3>
inline void threefry_rounds(V* x0, V* x1) {
  TSMLX_EACH(G) x0[k] += x1[k], x1[k] = (x1[k] << R0) | (x1[k] >> (32 - R0)), x1[k] ^= x0[k];
  TSMLX_EACH(G) x0[k] += x1[k], x1[k] = (x1[k] << R1) | (x1[k] >> (32 - R1)), x1[k] ^= x0[k];
  TSMLX_EACH(G) x0[k] += x1[k], x1[k] = (x1[k] << R2) | (x1[k] >> (32 - R2)), x1[k] ^= x0[k];
  TSMLX_EACH(G) x0[k] += x1[k], x1[k] = (x1[k] << R3) | (x1[k] >> (32 - R3)), x1[k] ^= x0[k];
}

// Adds the key schedule's injection i: (ks[i % 3], ks[(i + 1) % 3] + i).
template <int G>
inline void inject(V* x0, V* x1, uint32_t a, uint32_t b) {
  TSMLX_EACH(G) x0[k] += a, x1[k] += b;
}

// threefry2x32-20 of 4*G counters (x0 low words, x1 high words), in place.
template <int G>
inline void threefry_lanes(const uint32_t ks[3], V* x0, V* x1) {
  inject<G>(x0, x1, ks[0], ks[1]);
  threefry_rounds<G, 13, 15, 26, 6>(x0, x1);
  inject<G>(x0, x1, ks[1], ks[2] + 1u);
  threefry_rounds<G, 17, 29, 16, 24>(x0, x1);
  inject<G>(x0, x1, ks[2], ks[0] + 2u);
  threefry_rounds<G, 13, 15, 26, 6>(x0, x1);
  inject<G>(x0, x1, ks[0], ks[1] + 3u);
  threefry_rounds<G, 17, 29, 16, 24>(x0, x1);
  inject<G>(x0, x1, ks[1], ks[2] + 4u);
  threefry_rounds<G, 13, 15, 26, 6>(x0, x1);
  inject<G>(x0, x1, ks[2], ks[0] + 5u);
}

// The 32x32 -> 64-bit products of each lane of x with m: high and low halves.
inline void mul_hilo(V x, uint32_t m, V* hi, V* lo) {
#if defined(__SSE2__)
  // pmuludq multiplies the even lanes; the odd lanes go through a 64-bit shift.
  const __m128i mm = _mm_set1_epi32(static_cast<int>(m));
  const W even = reinterpret_cast<W>(_mm_mul_epu32(reinterpret_cast<__m128i>(x), mm));
  const W odd = reinterpret_cast<W>(_mm_mul_epu32(_mm_srli_epi64(reinterpret_cast<__m128i>(x), 32), mm));
  const uint64_t low = 0xFFFFFFFFull;
  *hi = reinterpret_cast<V>((even >> 32) | (odd & ~low));
  *lo = reinterpret_cast<V>((even & low) | (odd << 32));
#else
  for (int j = 0; j < 4; ++j) {
    const uint64_t p = static_cast<uint64_t>(x[j]) * m;
    (*hi)[j] = static_cast<uint32_t>(p >> 32);
    (*lo)[j] = static_cast<uint32_t>(p);
  }
#endif
}

// philox4x32-10 of 4*G counters (c0..c3 the four words), in place.
template <int G>
inline void philox_lanes(uint32_t k0, uint32_t k1, V* c0, V* c1, V* c2, V* c3) {
  for (int r = 0; r < 10; ++r) {
    if (r > 0) k0 += kPhiloxW0, k1 += kPhiloxW1;
    TSMLX_EACH(G) {
      V hi0, lo0, hi1, lo1;
      mul_hilo(c0[k], kPhiloxM0, &hi0, &lo0);
      mul_hilo(c2[k], kPhiloxM1, &hi1, &lo1);
      c0[k] = hi1 ^ c1[k] ^ k0;
      c1[k] = lo1;
      c2[k] = hi0 ^ c3[k] ^ k1;
      c3[k] = lo0;
    }
  }
}

// The counters base + first + j (j < 4*G): 64-bit sums as low and high words, and the
// high half of a 128-bit counter whose high half is `upper`, carrying when a sum wraps.
template <int G>
inline void counters(uint64_t base, uint64_t first, uint64_t upper, V* lo32, V* hi32, V* up_lo, V* up_hi) {
  alignas(16) uint32_t a[4 * G], b[4 * G], c[4 * G], d[4 * G];
  for (int j = 0; j < 4 * G; ++j) {
    const uint64_t ctr = base + first + static_cast<uint64_t>(j);
    const uint64_t up = upper + (ctr < base ? 1u : 0u);  // the sum wrapped past 2^64
    a[j] = static_cast<uint32_t>(ctr), b[j] = static_cast<uint32_t>(ctr >> 32);
    c[j] = static_cast<uint32_t>(up), d[j] = static_cast<uint32_t>(up >> 32);
  }
  std::memcpy(lo32, a, sizeof a);
  std::memcpy(hi32, b, sizeof b);
  if (up_lo) std::memcpy(up_lo, c, sizeof c);
  if (up_hi) std::memcpy(up_hi, d, sizeof d);
}

// Writes `n` bytes of 4*G threefry blocks (block j = words x0[j], x1[j]) to dst.
template <int G>
inline void store_threefry(const V* x0, const V* x1, uint8_t* dst, size_t n) {
  constexpr size_t kFull = 32 * G;
  alignas(16) V t[2 * G];
  TSMLX_EACH(G) {
    t[2 * k] = __builtin_shuffle(x0[k], x1[k], V{0, 4, 1, 5});
    t[2 * k + 1] = __builtin_shuffle(x0[k], x1[k], V{2, 6, 3, 7});
  }
  std::memcpy(dst, t, n < kFull ? n : kFull);
}

// Writes `n` bytes of 4*G philox blocks (block j = words c0[j], c1[j], c2[j], c3[j]).
template <int G>
inline void store_philox(const V* c0, const V* c1, const V* c2, const V* c3, uint8_t* dst, size_t n) {
  constexpr size_t kFull = 64 * G;
  alignas(16) V t[4 * G];
  TSMLX_EACH(G) {  // a 4x4 transpose of words
    const V a = __builtin_shuffle(c0[k], c1[k], V{0, 4, 1, 5}), b = __builtin_shuffle(c2[k], c3[k], V{0, 4, 1, 5});
    const V c = __builtin_shuffle(c0[k], c1[k], V{2, 6, 3, 7}), d = __builtin_shuffle(c2[k], c3[k], V{2, 6, 3, 7});
    t[4 * k] = __builtin_shuffle(a, b, V{0, 1, 4, 5});
    t[4 * k + 1] = __builtin_shuffle(a, b, V{2, 3, 6, 7});
    t[4 * k + 2] = __builtin_shuffle(c, d, V{0, 1, 4, 5});
    t[4 * k + 3] = __builtin_shuffle(c, d, V{2, 3, 6, 7});
  }
  std::memcpy(dst, t, n < kFull ? n : kFull);
}

#undef TSMLX_EACH

// Blocks per parallel chunk at least (64 KiB of threefry output).
constexpr int64_t kGrainBlocks = 8192;

// The baseline threefry loop over lane groups [gb, ge) (16 blocks each).
void threefry_groups(const uint32_t ks[3], uint64_t base, int64_t gb, int64_t ge, uint8_t* dst, size_t bytes) {
  constexpr int kLanes = 4 * kThreefryG;
  constexpr size_t kGroupBytes = 8 * kLanes;
  for (int64_t g = gb; g < ge; ++g) {
    V x0[kThreefryG], x1[kThreefryG];
    counters<kThreefryG>(base, static_cast<uint64_t>(g) * kLanes, 0, x0, x1, nullptr, nullptr);
    threefry_lanes<kThreefryG>(ks, x0, x1);
    const size_t at = static_cast<size_t>(g) * kGroupBytes;
    store_threefry<kThreefryG>(x0, x1, dst + at, std::min(kGroupBytes, bytes - at));
  }
}

#if defined(__x86_64__) && defined(__GNUC__)
#define TSMLX_RNG_AVX512 1
// The threefry loop in 16-lane AVX-512 vectors (vprold rotates in one instruction), 32
// blocks per group, for CPUs that have AVX-512F (checked at run time). Written without
// helper functions so that every operation is compiled for the wider target.
typedef uint32_t V16 __attribute__((vector_size(64)));
constexpr int kWideLanes = 32;

__attribute__((target("avx512f"))) void threefry_groups_avx512(const uint32_t ks[3], uint64_t base, int64_t gb,
                                                                int64_t ge, uint8_t* dst, size_t bytes) {
  constexpr size_t kGroupBytes = 8 * kWideLanes;
  const V16 iota = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const V16 lo_mask = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23};
  const V16 hi_mask = {8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};
  for (int64_t g = gb; g < ge; ++g) {
    // Counters base + 32g + j: low words with a carry into the high words where they wrap.
    const uint64_t start = base + static_cast<uint64_t>(g) * kWideLanes;
    const uint32_t s_lo = static_cast<uint32_t>(start), s_hi = static_cast<uint32_t>(start >> 32);
    V16 a0 = s_lo + iota, b0 = s_lo + (iota + 16u);
    V16 a1 = s_hi - reinterpret_cast<V16>(a0 < s_lo), b1 = s_hi - reinterpret_cast<V16>(b0 < s_lo);
#define TSMLX_R(R)                                               \
  a0 += a1, a1 = (a1 << (R)) | (a1 >> (32 - (R))), a1 ^= a0;   \
  b0 += b1, b1 = (b1 << (R)) | (b1 >> (32 - (R))), b1 ^= b0;
#define TSMLX_EVEN TSMLX_R(13) TSMLX_R(15) TSMLX_R(26) TSMLX_R(6)
#define TSMLX_ODD TSMLX_R(17) TSMLX_R(29) TSMLX_R(16) TSMLX_R(24)
#define TSMLX_INJECT(X, Y) a0 += (X), a1 += (Y), b0 += (X), b1 += (Y);
    TSMLX_INJECT(ks[0], ks[1])
    TSMLX_EVEN
    TSMLX_INJECT(ks[1], ks[2] + 1u)
    TSMLX_ODD
    TSMLX_INJECT(ks[2], ks[0] + 2u)
    TSMLX_EVEN
    TSMLX_INJECT(ks[0], ks[1] + 3u)
    TSMLX_ODD
    TSMLX_INJECT(ks[1], ks[2] + 4u)
    TSMLX_EVEN
    TSMLX_INJECT(ks[2], ks[0] + 5u)
#undef TSMLX_INJECT
#undef TSMLX_ODD
#undef TSMLX_EVEN
#undef TSMLX_R
    const V16 t[4] = {__builtin_shuffle(a0, a1, lo_mask), __builtin_shuffle(a0, a1, hi_mask),
                      __builtin_shuffle(b0, b1, lo_mask), __builtin_shuffle(b0, b1, hi_mask)};
    const size_t at = static_cast<size_t>(g) * kGroupBytes;
    std::memcpy(dst + at, t, std::min(kGroupBytes, bytes - at));
  }
}

bool have_avx512() { return kernel_isa() >= Isa::kAvx512; }
#endif

// Fills `bytes` of threefry output from counter `base` on, split across the pool.
void threefry_fill(const uint32_t ks[3], uint64_t base, uint64_t blocks, uint8_t* dst, size_t bytes, bool wide) {
#ifdef TSMLX_RNG_AVX512
  if (wide && have_avx512()) {
    const int64_t groups = static_cast<int64_t>((blocks + kWideLanes - 1) / kWideLanes);
    parallel_for(groups, kGrainBlocks / kWideLanes,
                 [&](int64_t gb, int64_t ge) { threefry_groups_avx512(ks, base, gb, ge, dst, bytes); });
    return;
  }
#endif
  constexpr int kLanes = 4 * kThreefryG;
  const int64_t groups = static_cast<int64_t>((blocks + kLanes - 1) / kLanes);
  parallel_for(groups, kGrainBlocks / kLanes,
               [&](int64_t gb, int64_t ge) { threefry_groups(ks, base, gb, ge, dst, bytes); });
}

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
  rng_bit_generator_on(algorithm, state, new_state, out, true);
}

void rng_bit_generator_on(ir::RngAlgorithm algorithm, const Tensor& state, Tensor& new_state, Tensor& out,
                          bool wide_vectors) {
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
  if (!philox) {
    const uint32_t ks[3] = {key[0], key[1], key[0] ^ key[1] ^ kThreefryParity};
    threefry_fill(ks, base, blocks, dst, bytes, wide_vectors);
  } else {
    constexpr int kLanes = 4 * kPhiloxG;
    const int64_t groups = static_cast<int64_t>((blocks + kLanes - 1) / kLanes);
    const size_t group_bytes = 16 * kLanes;
    parallel_for(groups, kGrainBlocks / 2 / kLanes, [&](int64_t gb, int64_t ge) {
      for (int64_t g = gb; g < ge; ++g) {
        V c0[kPhiloxG], c1[kPhiloxG], c2[kPhiloxG], c3[kPhiloxG];
        counters<kPhiloxG>(base, static_cast<uint64_t>(g) * kLanes, upper, c0, c1, c2, c3);
        philox_lanes<kPhiloxG>(key[0], key[1], c0, c1, c2, c3);
        const size_t at = static_cast<size_t>(g) * group_bytes;
        store_philox<kPhiloxG>(c0, c1, c2, c3, dst + at, std::min(group_bytes, bytes - at));
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
