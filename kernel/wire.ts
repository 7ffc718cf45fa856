/**
 * The Jupyter wire format: splitting raw ZeroMQ frames into a message, checking and
 * making HMAC-SHA256 signatures, and building headers.
 *
 * A message on the wire is `[identities..., "<IDS|MSG>", signature, header, parent_header,
 * metadata, content, buffers...]`; the signature is the hex HMAC of the four JSON frames.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The frame that separates routing identities from the message proper. */
export const DELIMITER = "<IDS|MSG>";

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header as defined by the messaging spec. */
export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
  [key: string]: unknown;
}

/** A decoded message together with the identities it was routed with. */
export interface Message {
  idents: Uint8Array[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Record<string, unknown>;
  content: Record<string, any>;
  buffers: Uint8Array[];
}

/**
 * Signs and verifies message frames with one key; an empty key disables signing as the spec allows.
 * @example const s = new Signer("secret"); s.sign([h, p, m, c]) // => "3f0a…"
 */
export class Signer {
  private readonly key: Buffer;

  constructor(key: string, scheme = "hmac-sha256") {
    if (key !== "" && scheme !== "hmac-sha256") {
      throw new Error(
        `[kernel] signature_scheme ${JSON.stringify(scheme)} is not supported: expected hmac-sha256`,
      );
    }
    this.key = Buffer.from(key, "utf8");
  }

  /** Whether messages carry signatures at all. */
  get enabled(): boolean {
    return this.key.length > 0;
  }

  /** The hex HMAC-SHA256 of the given frames, or "" when signing is disabled. */
  sign(frames: readonly (Uint8Array | string)[]): string {
    if (!this.enabled) return "";
    const h = createHmac("sha256", this.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  /** Whether `signature` is the signature of `frames`, compared in constant time. */
  verify(signature: Uint8Array, frames: readonly Uint8Array[]): boolean {
    if (!this.enabled) return true;
    const expected = Buffer.from(this.sign(frames), "ascii");
    const got = Buffer.from(signature);
    if (got.length !== expected.length) return false;
    return timingSafeEqual(got, expected);
  }
}

/** Why a raw message was rejected, for the log. */
export class WireError extends Error {}

/**
 * The signatures of the last `capacity` authentic messages, to refuse a replayed one (as
 * ipykernel's digest history does, with the same default size). Oldest entries go first.
 * @example const h = new DigestHistory(); h.add(sig) // => true; h.add(sig) // => false
 */
export class DigestHistory {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;

  constructor(readonly capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new Error(`[kernel] digest history capacity must be a positive integer, got ${capacity}`);
    }
  }

  /** Records a signature; false when it is already recorded (a replay). */
  add(signature: Uint8Array): boolean {
    const key = Buffer.from(signature).toString("latin1");
    if (this.seen.has(key)) return false;
    if (this.order.length < this.capacity) {
      this.order.push(key);
    } else {
      this.seen.delete(this.order[this.head]!);
      this.order[this.head] = key;
      this.head = (this.head + 1) % this.capacity;
    }
    this.seen.add(key);
    return true;
  }

  /** How many signatures are remembered. */
  get size(): number {
    return this.seen.size;
  }
}

/** How deep the JSON frames of a message may nest: deeper is refused before it is parsed. */
export const MAX_JSON_DEPTH = 1000;

/**
 * The deepest nesting of arrays and objects in JSON text (brackets inside strings not counted),
 * found in one pass without parsing. Example: jsonDepth(Buffer.from('{"a":[1]}')) // => 2
 */
export function jsonDepth(text: Uint8Array): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) max = depth;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return max;
}

/** What {@link decode} checks besides the signature. */
export interface DecodeOptions {
  /** Refuses a message whose signature it has seen (replay); records the others. */
  history?: DigestHistory;
  /** The deepest nesting allowed in any JSON frame (default {@link MAX_JSON_DEPTH}). */
  maxDepth?: number;
}

/**
 * Splits raw frames into a message, checking the signature (and that it is not a replay)
 * before parsing any JSON, and the nesting of each JSON frame before parsing it.
 * @example const msg = decode(frames, signer, { history }); msg.header.msg_type // => "execute_request"
 */
export function decode(frames: readonly Uint8Array[], signer: Signer, options: DecodeOptions = {}): Message {
  const delim = Buffer.from(DELIMITER);
  const at = frames.findIndex((f) => Buffer.compare(Buffer.from(f), delim) === 0);
  if (at < 0) throw new WireError(`no ${DELIMITER} delimiter among ${frames.length} frames`);
  if (frames.length < at + 6) {
    throw new WireError(`expected at least 5 frames after the delimiter, got ${frames.length - at - 1}`);
  }
  const signature = frames[at + 1]!;
  const body = frames.slice(at + 2, at + 6);
  if (!signer.verify(signature, body)) {
    throw new WireError(
      signature.length === 0
        ? "missing signature"
        : `bad signature ${Buffer.from(signature).toString().slice(0, 16)}…`,
    );
  }
  if (signer.enabled && options.history && !options.history.add(signature)) {
    throw new WireError(
      `duplicate signature ${Buffer.from(signature).toString().slice(0, 16)}… (a replayed message)`,
    );
  }
  const maxDepth = options.maxDepth ?? MAX_JSON_DEPTH;
  const parse = (f: Uint8Array, what: string): any => {
    const depth = jsonDepth(f);
    if (depth > maxDepth) throw new WireError(`${what} is nested ${depth} deep, more than ${maxDepth}`);
    try {
      return JSON.parse(Buffer.from(f).toString("utf8"));
    } catch (e) {
      throw new WireError(`${what} is not JSON: ${(e as Error).message}`);
    }
  };
  const header = parse(body[0]!, "header");
  if (typeof header?.msg_type !== "string") throw new WireError("header has no msg_type");
  return {
    idents: frames.slice(0, at).map((f) => Buffer.from(f)),
    header,
    parent_header: parse(body[1]!, "parent_header") ?? {},
    metadata: parse(body[2]!, "metadata") ?? {},
    content: parse(body[3]!, "content") ?? {},
    buffers: frames.slice(at + 6).map((f) => Buffer.from(f)),
  };
}

/**
 * Serializes and signs a message into frames ready for a socket.
 * @example sock.send(encode(msg, signer))
 */
export function encode(msg: Message, signer: Signer): Buffer[] {
  const body = [
    Buffer.from(JSON.stringify(msg.header)),
    Buffer.from(JSON.stringify(msg.parent_header ?? {})),
    Buffer.from(JSON.stringify(msg.metadata ?? {})),
    Buffer.from(JSON.stringify(msg.content ?? {})),
  ];
  return [
    ...msg.idents.map((i) => Buffer.from(i)),
    Buffer.from(DELIMITER),
    Buffer.from(signer.sign(body)),
    ...body,
    ...msg.buffers.map((b) => Buffer.from(b)),
  ];
}

/**
 * A fresh header for a message this kernel sends.
 * @example makeHeader("status", session).msg_type // => "status"
 */
export function makeHeader(msgType: string, session: string, username = "kernel"): Header {
  return {
    msg_id: randomUUID(),
    session,
    username,
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

/** The connection file written by the Jupyter client that starts the kernel. */
export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  iopub_port: number;
  stdin_port: number;
  control_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
  kernel_name?: string;
}

/**
 * The ZeroMQ endpoint of one port of a connection file.
 * @example endpoint(info, info.shell_port) // => "tcp://127.0.0.1:53794"
 */
export function endpoint(info: ConnectionInfo, port: number): string {
  if (info.transport === "ipc") return `ipc://${info.ip}-${port}`;
  return `${info.transport}://${info.ip}:${port}`;
}
