import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  DELIMITER,
  DigestHistory,
  decode,
  encode,
  jsonDepth,
  MAX_JSON_DEPTH,
  type Message,
  makeHeader,
  Signer,
  WireError,
} from "../../kernel/wire.js";

const msg = (): Message => ({
  idents: [Buffer.from("client-a"), Buffer.from("client-b")],
  header: makeHeader("execute_request", "session-1"),
  parent_header: {},
  metadata: {},
  content: { code: "1 + 1" },
  buffers: [Buffer.from([1, 2, 3])],
});

test("encode signs the four JSON frames with HMAC-SHA256 and decode gets the message back", () => {
  const signer = new Signer("secret");
  const frames = encode(msg(), signer);
  assert.equal(frames[2]!.toString(), DELIMITER);
  const expected = createHmac("sha256", "secret");
  for (const f of frames.slice(4, 8)) expected.update(f);
  assert.equal(frames[3]!.toString(), expected.digest("hex"));
  const back = decode(frames, signer);
  assert.deepEqual(
    back.idents.map((i) => Buffer.from(i).toString()),
    ["client-a", "client-b"],
  );
  assert.equal(back.header.msg_type, "execute_request");
  assert.deepEqual(back.content, { code: "1 + 1" });
  assert.deepEqual([...back.buffers[0]!], [1, 2, 3]);
});

test("decode rejects a wrong, a missing and a tampered signature", () => {
  const frames = encode(msg(), new Signer("other-key"));
  assert.throws(() => decode(frames, new Signer("secret")), WireError);
  const unsigned = encode(msg(), new Signer(""));
  assert.throws(() => decode(unsigned, new Signer("secret")), /missing signature/);
  const good = encode(msg(), new Signer("secret"));
  good[7] = Buffer.from(JSON.stringify({ code: "evil()" }));
  assert.throws(() => decode(good, new Signer("secret")), /bad signature/);
});

test("an empty key disables signing, as the spec allows", () => {
  const frames = encode(msg(), new Signer(""));
  assert.equal(frames[3]!.toString(), "");
  assert.equal(decode(frames, new Signer("")).header.msg_type, "execute_request");
});

test("decode names what is wrong with malformed frames", () => {
  assert.throws(() => decode([Buffer.from("x")], new Signer("")), /no <IDS\|MSG> delimiter/);
  assert.throws(() => decode([Buffer.from(DELIMITER), Buffer.from("")], new Signer("")), /at least 5 frames/);
  const bad = [
    Buffer.from(DELIMITER),
    Buffer.from(""),
    Buffer.from("{"),
    Buffer.from("{}"),
    Buffer.from("{}"),
    Buffer.from("{}"),
  ];
  assert.throws(() => decode(bad, new Signer("")), /header is not JSON/);
});

test("unsupported signature schemes are refused at startup", () => {
  assert.throws(() => new Signer("k", "hmac-md5"), /signature_scheme "hmac-md5" is not supported/);
});

test("decode with a digest history refuses the second copy of a signed message", () => {
  const signer = new Signer("secret");
  const history = new DigestHistory();
  const frames = encode(msg(), signer);
  assert.equal(decode(frames, signer, { history }).header.msg_type, "execute_request");
  assert.throws(() => decode(frames, signer, { history }), /duplicate signature/);
  assert.equal(decode(encode(msg(), signer), signer, { history }).header.msg_type, "execute_request");
});

test("the digest history is bounded: past its capacity the oldest signatures are forgotten first", () => {
  const h = new DigestHistory(3);
  const sig = (i: number) => Buffer.from(`sig-${i}`);
  for (const i of [1, 2, 3]) assert.equal(h.add(sig(i)), true);
  assert.equal(h.add(sig(1)), false);
  assert.equal(h.add(sig(4)), true);
  assert.equal(h.size, 3);
  assert.equal(h.add(sig(1)), true, "1 was the oldest and was forgotten");
  assert.equal(h.add(sig(3)), false);
  assert.throws(() => new DigestHistory(0), /capacity must be a positive integer, got 0/);
});

test("jsonDepth counts nesting without parsing and ignores brackets inside strings", () => {
  assert.equal(jsonDepth(Buffer.from("1")), 0);
  assert.equal(jsonDepth(Buffer.from('{"a":[1,{"b":[]}]}')), 4);
  assert.equal(jsonDepth(Buffer.from('{"a":"[[[[\\"[["}')), 1);
  assert.equal(jsonDepth(Buffer.from(`${"[".repeat(20_000)}${"]".repeat(20_000)}`)), 20_000);
});

test("decode refuses a signed frame nested deeper than the limit before parsing it", () => {
  const signer = new Signer("secret");
  const body = [
    Buffer.from(JSON.stringify(makeHeader("execute_request", "s"))),
    Buffer.from("{}"),
    Buffer.from("{}"),
    Buffer.from(`{"deep":${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}}`),
  ];
  const frames = [Buffer.from(DELIMITER), Buffer.from(signer.sign(body)), ...body];
  assert.throws(
    () => decode(frames, signer),
    new RegExp(`content is nested ${MAX_JSON_DEPTH + 1} deep, more than ${MAX_JSON_DEPTH}`),
  );
  assert.equal(decode(frames, signer, { maxDepth: MAX_JSON_DEPTH + 1 }).header.msg_type, "execute_request");
});
