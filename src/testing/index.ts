/** Testing helpers that run programs: the numeric gradient check (above the runtime, as it compiles). */

export {
  checkGradients,
  type DirectionCheck,
  type GradCheckOptions,
  type GradCheckResult,
} from "./gradients.js";
