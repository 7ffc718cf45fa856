/**
 * Reading a subcommand's arguments: each flag with its `--flag=value` part split off, its value
 * taken from that part or from the next argument, and the words after `--`.
 */

/** One argument as read: the flag (or word) and the argument as written. */
export interface ReadArg {
  flag: string;
  arg: string;
}

/**
 * A cursor over command-line arguments; `fail` makes the error for a flag without its value.
 * @example const r = new ArgReader(["--prefix=/tmp"], (m) => new Error(m)); r.next()!.flag; r.value() // => "/tmp"
 */
export class ArgReader {
  readonly #args: readonly string[];
  readonly #fail: (message: string) => Error;
  #i = -1;
  #flag = "";
  #inline: string | undefined;

  constructor(args: readonly string[], fail: (message: string) => Error) {
    this.#args = args;
    this.#fail = fail;
  }

  /** Moves to the next argument; undefined past the last. `for (let a = r.next(); a; a = r.next())` */
  next(): ReadArg | undefined {
    const arg = this.#args[++this.#i];
    if (arg === undefined) return undefined;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    this.#flag = eq > 0 ? arg.slice(0, eq) : arg;
    this.#inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    return { flag: this.#flag, arg };
  }

  /** The current flag's value: its `=` part, else the next argument (consumed). `r.value()` */
  value(): string {
    const v = this.#inline ?? this.#args[++this.#i];
    if (v === undefined || v === "") throw this.#fail(`${this.#flag} needs a value`);
    return v;
  }

  /** Every argument after the current one, consumed (the words after `--`). `r.rest()` */
  rest(): string[] {
    const rest = this.#args.slice(this.#i + 1);
    this.#i = this.#args.length;
    return rest;
  }
}
