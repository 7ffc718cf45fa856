/** Notebook display: MIME bundles for tensors, shapes, nodes and graphs. */
export { codeBundle, escapeHtml, JUPYTER_DISPLAY, type MimeBundle, tensorHtml } from "./mime.js";
