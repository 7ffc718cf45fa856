/** Core types: dtypes, shapes, host tensors, errors, and the MIME bundles they display as. */
export {
  allocTyped,
  bf16ToF32,
  byteSize,
  DTYPES,
  type DType,
  f16ToF32,
  f32ToBf16,
  f32ToF16,
  isBigInt,
  isDType,
  isFloat,
  isInteger,
  isUnsigned,
  type TypedArray,
  viewTyped,
} from "./dtype.js";
export { readElement, type Scalar, storedValue } from "./elements.js";
export { formatDims, formatType, opError, TsmlxError } from "./errors.js";
export { formatElement, formatValues } from "./format.js";
export { codeBundle, escapeHtml, JUPYTER_DISPLAY, type MimeBundle, tensorHtml } from "./mime.js";
export { encodePng } from "./png.js";
export { Shape, type ShapeLike, toShape } from "./shape.js";
export { type NestedArray, type NestedValues, Tensor, tensor } from "./tensor.js";
export {
  pictureKind,
  type TensorPicture,
  type TensorStats,
  tensorPicture,
  tensorStats,
  tensorView,
  viridis,
} from "./tensor_view.js";
