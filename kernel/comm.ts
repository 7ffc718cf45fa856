/**
 * Comms: named, two-way channels between cell code and front-end widgets.
 *
 * Cells register targets (`comms.registerTarget("name", (comm, data) => ...)`) that the
 * front end can open, or open comms themselves (`comms.open("name", data)`).
 */
import { randomUUID } from "node:crypto";

/** How comms publish messages (on iopub, with the current parent). */
export type CommPublisher = (
  msgType: "comm_open" | "comm_msg" | "comm_close",
  content: Record<string, unknown>,
) => void;

type MsgHandler = (data: unknown, msg: { content: Record<string, unknown>; buffers: Uint8Array[] }) => void;

/**
 * One open comm.
 * @example const c = comms.open("my_target", { hello: 1 }); c.onMsg((d) => console.log(d)); c.send({ x: 2 })
 */
export class Comm {
  private msgHandlers: MsgHandler[] = [];
  private closeHandlers: MsgHandler[] = [];
  closed = false;

  constructor(
    readonly id: string,
    readonly targetName: string,
    private readonly publish: CommPublisher,
    private readonly forget: (id: string) => void,
  ) {}

  /** Sends data to the front end's side of the comm. */
  send(data: unknown, metadata: Record<string, unknown> = {}): void {
    if (this.closed) throw new Error(`[comm] comm ${this.id} (${this.targetName}) is closed`);
    this.publish("comm_msg", { comm_id: this.id, data, metadata });
  }

  /** Closes the comm on both sides. */
  close(data: unknown = {}): void {
    if (this.closed) return;
    this.closed = true;
    this.forget(this.id);
    this.publish("comm_close", { comm_id: this.id, data });
  }

  /** Calls `handler` with each message the front end sends. */
  onMsg(handler: MsgHandler): void {
    this.msgHandlers.push(handler);
  }

  /** Calls `handler` when the front end closes the comm. */
  onClose(handler: MsgHandler): void {
    this.closeHandlers.push(handler);
  }

  /** @internal delivers a front-end message */
  deliver(kind: "msg" | "close", content: Record<string, unknown>, buffers: Uint8Array[]): void {
    const handlers = kind === "msg" ? this.msgHandlers : this.closeHandlers;
    if (kind === "close") {
      this.closed = true;
      this.forget(this.id);
    }
    for (const h of handlers) h(content.data, { content, buffers });
  }
}

/** A target's handler: called with the new comm and the data of comm_open. */
export type TargetHandler = (comm: Comm, data: unknown) => void;

/**
 * The registry of comm targets and open comms of one kernel.
 * @example comms.registerTarget("echo", (comm) => comm.onMsg((d) => comm.send(d)))
 */
export class CommManager {
  private readonly targets = new Map<string, TargetHandler>();
  private readonly comms = new Map<string, Comm>();

  constructor(private readonly publish: CommPublisher) {}

  /** Lets the front end open comms with this target name. */
  registerTarget(name: string, handler: TargetHandler): void {
    this.targets.set(name, handler);
  }

  /** Removes a target; comms already open stay open. */
  unregisterTarget(name: string): void {
    this.targets.delete(name);
  }

  /** Opens a comm from the kernel side. */
  open(targetName: string, data: unknown = {}, metadata: Record<string, unknown> = {}): Comm {
    const comm = this.make(randomUUID(), targetName);
    this.publish("comm_open", { comm_id: comm.id, target_name: targetName, data, metadata });
    return comm;
  }

  private make(id: string, targetName: string): Comm {
    const comm = new Comm(id, targetName, this.publish, (cid) => this.comms.delete(cid));
    this.comms.set(id, comm);
    return comm;
  }

  /** @internal comm_open from the front end; an unknown target is answered with comm_close. */
  handleOpen(content: Record<string, any>): void {
    const handler = this.targets.get(content.target_name);
    if (!handler) {
      this.publish("comm_close", { comm_id: content.comm_id, data: {} });
      throw new Error(`[comm] no target named ${JSON.stringify(content.target_name)}`);
    }
    handler(this.make(String(content.comm_id), String(content.target_name)), content.data);
  }

  /** @internal comm_msg / comm_close from the front end */
  handle(kind: "msg" | "close", content: Record<string, any>, buffers: Uint8Array[]): void {
    const comm = this.comms.get(content.comm_id);
    if (!comm) throw new Error(`[comm] no open comm ${JSON.stringify(content.comm_id)}`);
    comm.deliver(kind, content, buffers);
  }

  /** Open comms, optionally only those of one target, as comm_info_reply wants them. */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const c of this.comms.values()) {
      if (targetName === undefined || c.targetName === targetName) out[c.id] = { target_name: c.targetName };
    }
    return out;
  }
}
