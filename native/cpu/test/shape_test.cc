#include "test/harness.h"
namespace tsmlx::cpu::test {
void shape_tests(Suite& s) {}
}  // namespace tsmlx::cpu::test
