/**
 * The `tsmlx` command (package.json "bin", through src/cli/bin.ts): information about the
 * runtime, a check of the machine, the Jupyter kernel's registration and the bundled notebooks.
 * Run `tsmlx --help` for the commands.
 */
import process from "node:process";
import { ArgReader } from "./args.js";
import { checkInstall } from "./check.js";
import {
  type GenerateArgs,
  GenerateUsageError,
  generateUsage,
  parseGenerateArgs,
  runGenerate,
} from "./generate.js";
import { formatInfo, infoReport, packageVersion } from "./info.js";
import { installKernel, type KernelTarget } from "./kernel.js";
import { type FrontEnd, openNotebooks } from "./notebooks.js";

/** Where the command writes: ordinary output and messages (errors, progress). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Text as it is, without a line end added (streamed output); default `out`. */
  write?(text: string): void;
}

const STD_IO: Io = {
  out: (t) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
  write: (t) => process.stdout.write(t),
};

/**
 * The usage text of `tsmlx --help`.
 * @example usage().includes("tsmlx kernel install") // => true
 */
export function usage(): string {
  return `tsmlx ${packageVersion()}: machine learning in TypeScript (StableHLO graphs run through PJRT)

Usage:
  tsmlx info [--json]      the PJRT plugin in use, its platform, devices and attributes
  tsmlx check              whether this machine runs tsmlx: platform, system libraries, a test run
  tsmlx kernel install [--user | --sys-prefix | --prefix DIR] [--name NAME]
                           register the "TypeScript (tsmlx)" Jupyter kernel (default --user)
  tsmlx lab [--dir DIR] [ARGS...]
                           open the bundled notebooks in JupyterLab; they are copied into DIR
                           (default ./tsmlx-notebooks) first, keeping copies already there
  tsmlx notebook [--dir DIR] [ARGS...]
                           the same with the classic Jupyter Notebook
${generateUsage()}
  tsmlx --help | --version

ARGS go to the Jupyter server, e.g. --port=9999 --no-browser.
TSMLX_PJRT_PLUGIN selects the PJRT plugin: cpu (default), cuda, or the path of a plugin .so.
`;
}

/** A mistake in the command line: reported with a pointer to --help, exit code 2. */
class UsageError extends Error {}

function kernelTarget(args: string[]): { target: KernelTarget; name?: string } {
  let target: KernelTarget | undefined;
  let name: string | undefined;
  const set = (t: KernelTarget) => {
    if (target)
      throw new UsageError("tsmlx kernel install takes one of --user, --sys-prefix and --prefix DIR");
    target = t;
  };
  const r = new ArgReader(args, (m) => new UsageError(m));
  for (let a = r.next(); a; a = r.next()) {
    if (a.flag === "--user") set({ kind: "user" });
    else if (a.flag === "--sys-prefix") set({ kind: "sys-prefix" });
    else if (a.flag === "--prefix") set({ kind: "prefix", dir: r.value() });
    else if (a.flag === "--name") name = r.value();
    else throw new UsageError(`tsmlx kernel install: unknown option ${a.arg}`);
  }
  return { target: target ?? { kind: "user" }, name };
}

function notebookArgs(args: string[]): { dir?: string; rest: string[] } {
  let dir: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--dir") {
      dir = args[++i];
      if (!dir) throw new UsageError("--dir needs a folder");
    } else if (a.startsWith("--dir=")) dir = a.slice("--dir=".length);
    else rest.push(a);
  }
  return { dir, rest };
}

/**
 * Runs the command line `argv` (without node and the script) and resolves to the exit code.
 * @example process.exitCode = await main(["info", "--json"])
 */
export async function main(argv: readonly string[], io: Io = STD_IO): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      case undefined:
      case "help":
      case "--help":
      case "-h":
        io.out(usage());
        return 0;
      case "--version":
      case "-v":
        io.out(packageVersion());
        return 0;
      case "info": {
        const unknown = args.filter((a) => a !== "--json");
        if (unknown.length) throw new UsageError(`tsmlx info: unknown option ${unknown[0]}`);
        const { runtimeInfo } = await import("../runtime/info.js");
        const report = infoReport(runtimeInfo());
        io.out(args.includes("--json") ? JSON.stringify(report, null, 2) : formatInfo(report));
        return 0;
      }
      case "check": {
        if (args.length) throw new UsageError(`tsmlx check: unknown option ${args[0]}`);
        const r = await checkInstall();
        (r.ok ? io.out : io.err)(r.lines.join("\n"));
        return r.ok ? 0 : 1;
      }
      case "kernel": {
        const [sub, ...rest] = args;
        if (sub !== "install") {
          throw new UsageError(sub ? `tsmlx kernel: unknown command ${sub}` : "tsmlx kernel: say install");
        }
        const { target, name } = kernelTarget(rest);
        const done = installKernel(target, { name });
        io.out(
          [
            `Installed the Jupyter kernel "${done.spec.display_name}" in ${done.dir}`,
            `  it runs: ${done.spec.argv.join(" ")}`,
            done.client
              ? `  registered by: ${done.client.join(" ")}`
              : "  written directly (no Jupyter found; a Jupyter installed later finds it there)",
          ].join("\n"),
        );
        return 0;
      }
      case "lab":
      case "notebook": {
        const { dir, rest } = notebookArgs(args);
        return await openNotebooks(command as FrontEnd, { dir, args: rest, log: io.err });
      }
      case "generate": {
        let parsed: GenerateArgs;
        try {
          parsed = parseGenerateArgs(args);
        } catch (e) {
          if (e instanceof GenerateUsageError) throw new UsageError(e.message);
          throw e;
        }
        return await runGenerate(parsed, { write: io.write ?? io.out, err: io.err });
      }
      default:
        throw new UsageError(`tsmlx: unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\nRun tsmlx --help for the commands.`);
      return 2;
    }
    io.err((e as Error).message);
    return 1;
  }
}
