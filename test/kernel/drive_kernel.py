"""Drives the tsmlx kernel with Debian's jupyter_client through the features a notebook uses,
and prints one JSON object of observations (the node test asserts on them).

Usage: /usr/bin/python3 test/kernel/drive_kernel.py <notebook-dir>
The kernelspec must be reachable through JUPYTER_PATH (kernels/tsmlx/kernel.json).
"""
import json
import queue
import sys
import time
import traceback

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

TIMEOUT = 20
notebook_dir = sys.argv[1]
results = {}


def collect(kc, msg_id, timeout=TIMEOUT):
    """iopub messages of one request until its idle status, with arrival times."""
    outs = []
    deadline = time.time() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        outs.append({"type": msg["msg_type"], "content": msg["content"], "t": time.time()})
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return outs


def shell_reply(kc, msg_id, timeout=TIMEOUT):
    deadline = time.time() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.1, deadline - time.time()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def execute(kc, code, **kwargs):
    msg_id = kc.execute(code, **kwargs)
    reply = shell_reply(kc, msg_id)
    reply_t = time.time()
    outs = collect(kc, msg_id)
    return {"reply": reply["content"], "reply_t": reply_t, "outputs": outs}


def summary(r):
    """The parts of an execution the assertions look at."""
    out = {"status": r["reply"]["status"], "outputs": []}
    for o in r["outputs"]:
        t, c = o["type"], o["content"]
        if t == "execute_result":
            out["outputs"].append({"type": t, "text": c["data"].get("text/plain")})
        elif t == "stream":
            out["outputs"].append({"type": t, "name": c["name"], "text": c["text"]})
        elif t == "error":
            out["outputs"].append({"type": t, "ename": c["ename"], "evalue": c["evalue"], "traceback": c["traceback"]})
        elif t in ("display_data", "update_display_data"):
            out["outputs"].append({"type": t, "data": c["data"], "transient": c.get("transient", {})})
        elif t == "status":
            out["outputs"].append({"type": t, "state": c["execution_state"]})
        else:
            out["outputs"].append({"type": t})
    for k in ("ename", "evalue", "traceback", "user_expressions", "execution_count"):
        if k in r["reply"]:
            out[k] = r["reply"][k]
    return out


def scenario(name):
    def wrap(f):
        try:
            results[name] = f()
        except Exception:
            results[name] = {"exception": traceback.format_exc()}
        return f

    return wrap


stderr_path = f"{notebook_dir}/kernel-stderr.log"
stderr_file = open(stderr_path, "w")
km = KernelManager(kernel_name="tsmlx")
started = time.time()
km.start_kernel(cwd=notebook_dir, stderr=stderr_file)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=60)
results["startup_s"] = time.time() - started


@scenario("redeclare")
def _():
    cell = "const a = 1; let b = 2;\nclass K { v = 1 }\nfunction f() { return 1 }\nvar w = 1"
    first = execute(kc, cell)
    again = execute(kc, cell)
    changed = execute(kc, "const a = 10; let b = 20;\nclass K { v = 2 }\nfunction f() { return 2 }\nvar w = 3")
    use = execute(kc, "[a, b, new K().v, f(), w]")
    return {"first": summary(first), "again": summary(again), "changed": summary(changed), "use": summary(use)}


@scenario("top_level_await")
def _():
    return summary(execute(kc, "const t = await new Promise((r) => setTimeout(() => r(42), 50));\nt + 1"))


@scenario("imports")
def _():
    return {
        "cjs": summary(execute(kc, 'import tiny from "tiny-cjs"\nimport { twice } from "tiny-cjs"\n[tiny.name, twice(4)]')),
        "esm_only": summary(execute(kc, 'import { shout } from "tiny-esm"\nshout("hi")')),
        "kernel_dep": summary(execute(kc, 'import * as esbuild from "esbuild"\ntypeof esbuild.transformSync')),
        "local_ts": summary(execute(kc, 'import { area, type Shape } from "./shapes.ts"\narea({ w: 3, h: 4 } as Shape)')),
        "local_js": summary(execute(kc, 'import helper from "./helper.mjs"\nhelper(2)')),
        "builtin": summary(execute(kc, 'import { join } from "path"\njoin("x", "y")')),
        "dynamic": summary(execute(kc, 'const m = await import("tiny-esm")\nm.shout("dyn")')),
        "missing": summary(execute(kc, 'import * as nope from "no-such-package-xyz"')),
    }


@scenario("stdin")
def _():
    msg_id = kc.execute('const who = await input("name? ")\n"hello " + who', allow_stdin=True)
    req = kc.get_stdin_msg(timeout=TIMEOUT)
    kc.input("world")
    reply = shell_reply(kc, msg_id)
    outs = collect(kc, msg_id)
    r = summary({"reply": reply["content"], "outputs": outs})
    r["input_request"] = req["content"]
    r["input_request_parent"] = req["parent_header"].get("msg_id") == msg_id
    r["no_stdin"] = summary(execute(kc, 'await input("x")', allow_stdin=False))
    return r


def interrupt_after(code, delay):
    msg_id = kc.execute(code)
    time.sleep(delay)
    t0 = time.time()
    km.interrupt_kernel()
    reply = shell_reply(kc, msg_id)
    elapsed = time.time() - t0
    outs = collect(kc, msg_id)
    r = summary({"reply": reply["content"], "outputs": outs})
    r["elapsed_s"] = elapsed
    return r


@scenario("interrupt_sync")
def _():
    r = interrupt_after("let spins = 0;\nwhile (true) { spins++ }", 0.7)
    r["after"] = summary(execute(kc, "[a, spins > 0]"))
    return r


@scenario("interrupt_async")
def _():
    r = interrupt_after("await new Promise((r) => setTimeout(r, 60_000))", 0.7)
    r["after"] = summary(execute(kc, "a + 1"))
    return r


@scenario("interrupt_sync_after_await")
def _():
    r = interrupt_after("await new Promise((r) => setTimeout(r, 10));\nwhile (true) {}", 0.7)
    r["after"] = summary(execute(kc, "a + 3"))
    return r


@scenario("interrupt_await_loop")
def _():
    r = interrupt_after("let ticks = 0;\nfor (;;) {\n  ticks++;\n  await new Promise((r) => setTimeout(r, 5));\n}", 0.7)
    r["after"] = summary(execute(kc, "const t2 = ticks;\nawait new Promise((r) => setTimeout(r, 300));\n[t2 > 0, ticks - t2]"))
    return r


@scenario("interrupt_repeated")
def _():
    # Interrupts landing at random points of a loop of short awaits: each must stop the cell
    # (an interrupt between two steps must neither be lost nor kill the kernel).
    import random
    rng = random.Random(5)
    rounds = []
    for i in range(10):
        r = interrupt_after(f"let n{i} = 0;\nfor (;;) {{\n  n{i}++;\n  await new Promise((r) => setTimeout(r, 1));\n}}",
                            rng.uniform(0.05, 0.25))
        rounds.append({"status": r["status"], "ename": r.get("ename"), "elapsed_s": r["elapsed_s"]})
    return {"rounds": rounds, "after": summary(execute(kc, "a + 4"))}


@scenario("interrupt_uninterruptible")
def _():
    # A synchronous loop after an await inside a function the cell calls runs outside the cell's
    # own steps: SIGINT cannot stop it, and the kernel says so on stderr.
    r = interrupt_after("const spin = async () => {\n  await null;\n  const t1 = Date.now();\n"
                        "  while (Date.now() - t1 < 6000) {}\n  return 'finished';\n};\nawait spin()", 0.7)
    r["after"] = summary(execute(kc, "a + 2"))
    return r


@scenario("bad_hmac")
def _():
    bad = Session(key=b"not-the-key", username="intruder")
    msg = bad.msg("execute_request", {"code": "globalThis.pwned = true", "silent": False, "store_history": True,
                                      "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    bad.send(kc.shell_channel.socket, msg)
    unsigned = Session(key=b"", username="intruder")
    msg2 = unsigned.msg("execute_request", {"code": "globalThis.pwned = true", "silent": False})
    unsigned.send(kc.shell_channel.socket, msg2)
    replies = []
    deadline = time.time() + 1.5
    while time.time() < deadline:
        try:
            m = kc.get_shell_msg(timeout=0.2)
            replies.append(m["parent_header"].get("msg_id"))
        except queue.Empty:
            pass
    iopub = []
    while True:
        try:
            m = kc.get_iopub_msg(timeout=0.2)
            iopub.append(m["parent_header"].get("msg_id"))
        except queue.Empty:
            break
    after = summary(execute(kc, "typeof (globalThis as any).pwned"))
    return {"replies": [r for r in replies if r in (msg["header"]["msg_id"], msg2["header"]["msg_id"])],
            "iopub": [r for r in iopub if r in (msg["header"]["msg_id"], msg2["header"]["msg_id"])],
            "after": after}


@scenario("error")
def _():
    err = execute(kc, "const z = 41;\nconst q = (undefined as any).foo;\nz")
    nxt = execute(kc, "z + 1")
    return {"error": summary(err), "next": summary(nxt)}


@scenario("error_in_function")
def _():
    execute(kc, "function thrower(n: number): number {\n  if (n > 0) {\n    throw new RangeError(`bad ${n}`);\n  }\n  return n;\n}")
    return summary(execute(kc, "const r1 = 1;\nthrower(r1)"))


@scenario("abort_after_error")
def _():
    first = kc.execute('await new Promise((r) => setTimeout(r, 300));\nthrow new Error("first fails")')
    second = kc.execute("globalThis.secondRan = true")
    r1 = shell_reply(kc, first)
    r2 = shell_reply(kc, second)
    collect(kc, first)
    collect(kc, second)
    later = summary(execute(kc, "typeof (globalThis as any).secondRan"))
    return {"first": r1["content"]["status"], "second": r2["content"]["status"], "later": later}


@scenario("no_stop_on_error")
def _():
    first = kc.execute('await new Promise((r) => setTimeout(r, 300));\nthrow new Error("fails")', stop_on_error=False)
    second = kc.execute("globalThis.thirdRan = 1\n'ran'")
    r1 = shell_reply(kc, first)
    r2 = shell_reply(kc, second)
    collect(kc, first)
    collect(kc, second)
    return {"first": r1["content"]["status"], "second": r2["content"]["status"]}


@scenario("display_update")
def _():
    return summary(execute(kc, 'display("one", { displayId: "d1" });\ndisplay("two", { displayId: "d1", update: true })\n'
                                'const nd = (await import("tslab")).newDisplay(); nd.text("a"); nd.text("b")'))


@scenario("streams_live")
def _():
    def timed(code):
        """Reads iopub while the cell runs: when did the first text arrive, and when was the cell done."""
        msg_id = kc.execute(code)
        outs = collect(kc, msg_id)
        shell_reply(kc, msg_id)
        streams = [o for o in outs if o["type"] == "stream"]
        idle = outs[-1]["t"]
        return {"texts": [o["content"]["text"] for o in streams],
                "first_before_idle_s": idle - streams[0]["t"] if streams else None}

    return {
        "async": timed('console.log("first");\nawait new Promise((r) => setTimeout(r, 1000));\nconsole.log("second")'),
        "sync": timed('console.log("start");\nconst t0 = Date.now();\nwhile (Date.now() - t0 < 1000) {}\nconsole.log("end")'),
    }


@scenario("user_expressions")
def _():
    return summary(execute(kc, "const ue = 21", user_expressions={"double": "ue * 2", "bad": "nope.nope"}))


@scenario("silent")
def _():
    r = execute(kc, "console.log('hidden'); 5", silent=True)
    return summary(r)


@scenario("comms")
def _():
    execute(kc, 'comms.registerTarget("echo", (comm, data) => {\n'
                '  comm.send({ opened: data });\n'
                '  comm.onMsg((d) => comm.send({ echo: d }));\n'
                '})')
    s = kc.session
    open_msg = s.msg("comm_open", {"comm_id": "c-1", "target_name": "echo", "data": {"hello": 1}})
    kc.shell_channel.send(open_msg)
    opened = [o for o in collect(kc, open_msg["header"]["msg_id"]) if o["type"] == "comm_msg"]
    info_id = kc.comm_info(target_name="echo")
    info = shell_reply(kc, info_id)["content"]
    msg = s.msg("comm_msg", {"comm_id": "c-1", "data": {"x": 2}})
    kc.shell_channel.send(msg)
    echoed = [o for o in collect(kc, msg["header"]["msg_id"]) if o["type"] == "comm_msg"]
    close = s.msg("comm_close", {"comm_id": "c-1", "data": {}})
    kc.shell_channel.send(close)
    collect(kc, close["header"]["msg_id"])
    info_after = shell_reply(kc, kc.comm_info())["content"]
    unknown = s.msg("comm_open", {"comm_id": "c-2", "target_name": "nobody", "data": {}})
    kc.shell_channel.send(unknown)
    refused = [o["type"] for o in collect(kc, unknown["header"]["msg_id"])]
    kernel_opened = execute(kc, 'const kc1 = comms.open("from-kernel", { a: 1 })\nkc1.id.length')
    return {"opened": [o["content"]["data"] for o in opened], "info": info,
            "echoed": [o["content"]["data"] for o in echoed], "info_after": info_after, "refused": refused,
            "kernel_opened": [o["type"] for o in kernel_opened["outputs"]]}


@scenario("restart")
def _():
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    return summary(execute(kc, "typeof a"))


@scenario("shutdown")
def _():
    kc.shutdown()  # sent on the control channel
    deadline = time.time() + 10
    while km.is_alive() and time.time() < deadline:
        time.sleep(0.1)
    return {"alive": km.is_alive(), "exit_s": 10 - (deadline - time.time())}


try:
    kc.stop_channels()
finally:
    if km.is_alive():
        km.shutdown_kernel(now=True)
    stderr_file.close()
results["kernel_stderr"] = open(stderr_path).read()
print(json.dumps(results))
