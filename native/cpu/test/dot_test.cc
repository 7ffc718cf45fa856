#include "test/harness.h"
namespace tsmlx::cpu::test {
void dot_tests(Suite& s) {}
}  // namespace tsmlx::cpu::test
