/**
 * Data: datasets (batching, shuffling, prefetch), the IDX and CIFAR-10 readers, the CIFAR-10
 * download, synthetic coloured shapes. The tar reader, the download's fetch and the archive's
 * checksum are plumbing of the download and stay inside this directory.
 */

export * from "./cifar.js";
export * from "./dataset.js";
export {
  CIFAR10_FILES,
  CIFAR10_SUBDIR,
  CIFAR10_URL,
  cifar10CacheDir,
  cifar10Present,
  type DownloadCifar10Options,
  type DownloadCifar10Result,
  downloadCifar10,
  type ExtractCifar10Options,
  extractCifar10,
} from "./download.js";
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  loadMnist,
  type MnistSplit,
  parseIdx,
  readIdx,
} from "./idx.js";
export * from "./prefetch.js";
export * from "./shapes.js";
