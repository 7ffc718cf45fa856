// Decoding of dense<...> literals into tensors.
#include "parser/dense.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "engine/status.h"
#include "engine/numeric.h"

namespace tsmlx::cpu::parser {
namespace {

bool is_hex_token(const std::string& t) {
  size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  return t.size() > i + 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'X');
}

// Writes the element `tok` of type E at `dst`.
template <ElementType E>
void decode_token(const std::string& tok, void* dst) {
  using T = StorageT<E>;
  T v{};
  if (tok == "true" || tok == "false") {
    if constexpr (kIsFloat<E>) {
      fail_invalid("boolean literal " + tok + " for a float tensor");
    } else {
      v = static_cast<T>(tok == "true" ? 1 : 0);
    }
  } else if (is_hex_token(tok)) {
    if (tok[0] == '-' || tok[0] == '+') fail_invalid("signed hex literal " + tok);
    errno = 0;
    uint64_t bits = std::strtoull(tok.c_str() + 2, nullptr, 16);
    if (errno != 0) fail_invalid("hex literal out of range: " + tok);
    std::memcpy(&v, &bits, sizeof(T));  // little-endian: the low bytes
  } else {
    const char* s = tok.c_str();
    char* end = nullptr;
    bool is_floaty = tok.find_first_of(".eEin") != std::string::npos;
    if constexpr (kIsFloat<E>) {
      double d = std::strtod(s, &end);
      if (end == s || *end != '\0') fail_invalid("bad float literal " + tok);
      v = from_double<E>(d);
    } else {
      if (is_floaty) fail_invalid("float literal " + tok + " for an integer tensor");
      errno = 0;
      if (tok[0] == '-') {
        long long x = std::strtoll(s, &end, 10);
        if (errno != 0 || *end != '\0') fail_invalid("bad integer literal " + tok);
        v = static_cast<T>(x);
      } else {
        unsigned long long x = std::strtoull(s, &end, 10);
        if (errno != 0 || *end != '\0') fail_invalid("bad integer literal " + tok);
        v = static_cast<T>(x);
      }
      if constexpr (kIsPred<E>) v = static_cast<T>(v != 0);
    }
  }
  std::memcpy(dst, &v, sizeof(T));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Tensor decode_dense(const DenseLiteral& lit, const TensorType& type) {
  Tensor t;
  t.type = type;
  const size_t esize = element_size(type.type);
  const int64_t n = type.num_elements();
  t.storage = Storage::allocate(type.byte_size());
  if (!t.storage) throw EngineError{kResourceExhausted, "cannot allocate a constant of " + type.to_string()};
  auto* out = static_cast<uint8_t*>(t.storage->data());

  if (lit.is_hex_string) {
    if (lit.hex.size() % 2 != 0) fail_invalid("odd number of hex digits in dense literal");
    std::vector<uint8_t> bytes(lit.hex.size() / 2);
    for (size_t i = 0; i < bytes.size(); ++i) {
      int hi = hex_value(lit.hex[2 * i]), lo = hex_value(lit.hex[2 * i + 1]);
      if (hi < 0 || lo < 0) fail_invalid("bad hex digit in dense literal");
      bytes[i] = static_cast<uint8_t>(hi * 16 + lo);
    }
    if (bytes.size() == type.byte_size()) {
      if (!bytes.empty()) std::memcpy(out, bytes.data(), bytes.size());
    } else if (bytes.size() == esize) {
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * esize, bytes.data(), esize);
    } else if (type.type == ElementType::kPred && static_cast<int64_t>(bytes.size()) == (n + 7) / 8) {
      for (int64_t i = 0; i < n; ++i) out[i] = (bytes[i / 8] >> (i % 8)) & 1;
    } else {
      fail_invalid("dense hex data has " + std::to_string(bytes.size()) + " bytes, " + type.to_string() +
                   " needs " + std::to_string(type.byte_size()));
    }
    // Normalize booleans to 0/1.
    if (type.type == ElementType::kPred)
      for (int64_t i = 0; i < n; ++i) out[i] = out[i] != 0;
    return t;
  }

  const int64_t count = static_cast<int64_t>(lit.tokens.size());
  visit_type(type.type, [&](auto tag) {
    constexpr ElementType E = decltype(tag)::value;
    if (count == 1 && !lit.nested) {
      uint8_t one[8];
      decode_token<E>(lit.tokens[0], one);
      for (int64_t i = 0; i < n; ++i) std::memcpy(out + i * esize, one, esize);
      return;
    }
    if (count != n || (lit.nested && lit.shape != type.dims && !(n == 0 && count == 0))) {
      std::string shape;
      for (size_t i = 0; i < lit.shape.size(); ++i) shape += (i ? "x" : "") + std::to_string(lit.shape[i]);
      fail_invalid("dense literal of shape [" + shape + "] with " + std::to_string(count) + " elements does not fit " +
                   type.to_string());
    }
    for (int64_t i = 0; i < n; ++i) decode_token<E>(lit.tokens[i], out + i * esize);
  });
  return t;
}

}  // namespace tsmlx::cpu::parser
