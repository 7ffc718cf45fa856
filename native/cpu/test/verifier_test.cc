#include "test/harness.h"
namespace tsmlx::cpu::test {
void verifier_tests(Suite& s) {}
}  // namespace tsmlx::cpu::test
