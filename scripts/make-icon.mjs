// Draws the app icon (a white queue ticket on a blue rounded square) as a
// 512x512 PNG without image tools: electron-builder derives the Windows .ico
// and the Linux sizes from it. Run: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const px = Buffer.alloc(SIZE * SIZE * 4);
const blue = [21, 101, 192, 255];
const white = [255, 255, 255, 255];
const ink = [13, 71, 161, 255];

const inRoundedRect = (x, y, x0, y0, x1, y1, r) => {
  if (x < x0 || x >= x1 || y < y0 || y >= y1) return false;
  const cx = x < x0 + r ? x0 + r : x >= x1 - r ? x1 - r - 1 : x;
  const cy = y < y0 + r ? y0 + r : y >= y1 - r ? y1 - r - 1 : y;
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};

for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    let c = [0, 0, 0, 0];
    if (inRoundedRect(x, y, 16, 16, 496, 496, 96)) c = blue;
    // the ticket, with a notch on each side where it tears off
    const ticket = inRoundedRect(x, y, 88, 152, 424, 360, 20);
    const notch = (x - 88) ** 2 + (y - 256) ** 2 < 28 ** 2 || (x - 423) ** 2 + (y - 256) ** 2 < 28 ** 2;
    if (ticket && !notch) c = white;
    // "number" bars: a big one (the ticket number) and a thin one (the room)
    if (inRoundedRect(x, y, 150, 200, 362, 264, 12)) c = ink;
    if (inRoundedRect(x, y, 190, 292, 322, 312, 8)) c = ink;
    px.set(c, (y * SIZE + x) * 4);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) px.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync('assets/icons/icon.png', png);
console.log(`assets/icons/icon.png: ${SIZE}x${SIZE}, ${png.length} bytes`);
