/**
 * Progress output for training loops: a one-line bar redrawn in place when stdout is a
 * terminal (and not a notebook kernel), otherwise plain lines at a steady interval.
 */

/** Where progress goes and how. */
export interface ProgressSink {
  /** Shows the state at `step` of `total` (total may be unknown). */
  update(step: number, total: number | undefined, rate: number, metrics: Record<string, number>): void;
  /** Ends the display (a final line). */
  done(
    step: number,
    total: number | undefined,
    rate: number,
    metrics: Record<string, number>,
    seconds: number,
  ): void;
}

/**
 * True when output should be a redrawn bar: the stream is a TTY and this is not a Jupyter kernel.
 * `isInteractiveTerminal(process.stderr)`
 */
export function isInteractiveTerminal(stream: NodeJS.WriteStream = process.stdout): boolean {
  return (
    Boolean(stream.isTTY) &&
    process.env.JPY_PARENT_PID === undefined &&
    process.env.TSMLX_NOTEBOOK === undefined
  );
}

function formatMetrics(m: Record<string, number>): string {
  return Object.entries(m)
    .map(
      ([k, v]) =>
        `${k}=${Math.abs(v) >= 1000 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)}`,
    )
    .join(" ");
}

function formatRate(rate: number): string {
  return rate >= 1 ? `${rate.toFixed(1)} steps/s` : `${(1 / Math.max(rate, 1e-9)).toFixed(2)} s/step`;
}

/**
 * A progress bar on a terminal, or plain periodic lines elsewhere.
 * `const p = progressSink(); p.update(10, 100, 25, { loss: 0.5 })`
 */
export function progressSink(
  options: { stream?: NodeJS.WriteStream; interactive?: boolean; label?: string } = {},
): ProgressSink {
  const stream = options.stream ?? process.stdout;
  const interactive = options.interactive ?? isInteractiveTerminal(stream);
  const label = options.label ?? "train";
  const line = (step: number, total: number | undefined, rate: number, metrics: Record<string, number>) => {
    const of = total === undefined ? `${step}` : `${step}/${total}`;
    return `${label} ${of} ${formatRate(rate)} ${formatMetrics(metrics)}`.trimEnd();
  };
  return {
    update(step, total, rate, metrics) {
      if (interactive) {
        const width = 24;
        const frac = total ? Math.min(1, step / total) : 0;
        const filled = Math.round(frac * width);
        const bar = total ? `[${"#".repeat(filled)}${".".repeat(width - filled)}] ` : "";
        stream.write(`\r\x1b[2K${bar}${line(step, total, rate, metrics)}`);
      } else {
        stream.write(`${line(step, total, rate, metrics)}\n`);
      }
    },
    done(step, total, rate, metrics, seconds) {
      const text = `${line(step, total, rate, metrics)} (${seconds.toFixed(1)} s)`;
      stream.write(interactive ? `\r\x1b[2K${text}\n` : `${text}\n`);
    },
  };
}
