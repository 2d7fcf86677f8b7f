// Decoding a full read reply (1,295 bytes) must take well under 1 ms.
// Run: node --import tsx bench/idcard-decode.ts
import { decodeReplyFrame } from '../src/hardware/idcard/capture.js';
import { FrameParser, encodeFrame } from '../src/hardware/idcard/frame.js';
import { DEMO_STUDENTS, demoCard } from '../src/hardware/idcard/demo-cards.js';
import { textBlockOf } from '../src/hardware/idcard/text-block.js';

const block = textBlockOf(demoCard(DEMO_STUDENTS[5]!));
const photo = new Uint8Array(1024).fill(0x5a);
const frame = encodeFrame(Uint8Array.from([0, 0, 0x90, 1, 0, 4, 0, ...block, ...photo]));
const N = 20_000;
for (let i = 0; i < 2000; i++) decodeReplyFrame(frame); // warm-up
let t = performance.now();
for (let i = 0; i < N; i++) decodeReplyFrame(frame);
const decodeUs = ((performance.now() - t) / N) * 1000;
t = performance.now();
const parser = new FrameParser();
for (let i = 0; i < N / 10; i++) for (let o = 0; o < frame.length; o += 64) parser.push(frame.subarray(o, o + 64));
const parseUs = ((performance.now() - t) / (N / 10)) * 1000;
console.log(`decode of a ${frame.length}-byte read reply: ${decodeUs.toFixed(1)} µs per card (goal well under 1000 µs)`);
console.log(`streaming parse of the same reply in 64-byte reads: ${parseUs.toFixed(1)} µs per frame`);
