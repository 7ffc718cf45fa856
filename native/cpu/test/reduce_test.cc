#include "test/harness.h"
namespace tsmlx::cpu::test {
void reduce_tests(Suite& s) {}
}  // namespace tsmlx::cpu::test
