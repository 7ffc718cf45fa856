/**
 * Child process of the checkpoint tests: saves step 2 into argv[2] and dies mid-save (SIGKILL),
 * before the rename of the tensor file (argv[3] "tensor", the default) or of the sidecar
 * ("sidecar": the tensor file is in place, its sidecar is not).
 */
import { Checkpoints } from "../../src/checkpoint/index.js";
import { tensor } from "../../src/core/tensor.js";

// Run without a directory (as the test runner does with every file under test/), it does nothing.
const dir = process.argv[2];
const killBefore = process.argv[3] === "sidecar" ? 2 : 1;
if (dir) {
  let renames = 0;
  new Checkpoints(dir).save(
    {
      step: 2,
      tensors: {
        "dense/w": tensor(
          [
            [9, 9],
            [9, 9],
          ],
          "f32",
        ),
        "opt/count": tensor(2, "i64"),
      },
    },
    {
      beforeRename: () => {
        if (++renames === killBefore) process.kill(process.pid, "SIGKILL");
      },
    },
  );
}
