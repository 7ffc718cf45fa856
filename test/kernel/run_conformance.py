"""Runs Debian's jupyter_kernel_test suite against the tsmlx kernel and prints a JSON summary.

The kernelspec must be reachable through JUPYTER_PATH (kernels/tsmlx/kernel.json).
Run with Debian's python: /usr/bin/python3 test/kernel/run_conformance.py
"""
import json
import sys
import unittest

import jupyter_kernel_test


class TsmlxKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tsmlx"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("something went to stderr")'

    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "const uniqueNameForCompletion = 1;\nuniqueNameFor", "matches": {"uniqueNameForCompletion"}},
        {"text": "[1, 2].fla", "matches": {"flat", "flatMap"}},
    ]

    complete_code_samples = ["1 + 1", "let x = 1;", "function f() {\n  return 1;\n}"]
    incomplete_code_samples = ["function f() {", "let xs = [1,", "if (x)", "const s = `line one"]
    invalid_code_samples = ["1 +* 2", "let = ;", "x)"]

    code_page_something = "Math.max?"

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "'a' + 'b'", "result": "'ab'"},
        {"code": "[1, 2].map((v) => v * 2)", "result": "[ 2, 4 ]"},
        {"code": "const o = { a: 1 }\no", "result": "{ a: 1 }"},
    ]

    code_display_data = [
        {"code": 'display.html("<b>bold</b>")', "mime": "text/html"},
        {"code": "display.png(new Uint8Array([137, 80, 78, 71]))", "mime": "image/png"},
        {
            "code": 'display({ [Symbol.for("Jupyter.display")]() { return { "text/markdown": "**md**" }; } })',
            "mime": "text/markdown",
        },
        {"code": 'import * as tslab from "tslab"\ntslab.display.svg("<svg></svg>")', "mime": "image/svg+xml"},
    ]

    code_history_pattern = "1 + 2*"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"


class Summary(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.passed = []

    def addSuccess(self, test):
        super().addSuccess(test)
        self.passed.append(test.id().split(".")[-1])


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(TsmlxKernelTests)
    runner = unittest.TextTestRunner(stream=sys.stderr, verbosity=2, resultclass=Summary)
    result = runner.run(suite)
    print(
        json.dumps(
            {
                "run": result.testsRun,
                "passed": sorted(set(result.passed)),
                "failures": [f"{t.id()}: {tb}" for t, tb in result.failures],
                "errors": [f"{t.id()}: {tb}" for t, tb in result.errors],
                "skipped": [f"{t.id()}: {why}" for t, why in result.skipped],
            }
        )
    )
    sys.exit(0 if result.wasSuccessful() else 1)
