// Draws the toolbar and store icons (public/icon/{16,32,48,128}.png): a blue rounded square with
// a white loop and arrowhead — a lost deal turned around. Pure Node (zlib) so it runs anywhere:
//   node scripts/make-icons.mjs
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

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
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function png(size, pixel) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Shape in unit coordinates (0..1): 0 = transparent, 1 = blue, 2 = white.
function shape(u, v) {
  const r = 0.2; // corner radius
  const cx = Math.min(Math.max(u, r), 1 - r);
  const cy = Math.min(Math.max(v, r), 1 - r);
  if (Math.hypot(u - cx, v - cy) > r) return 0;
  const dx = u - 0.5;
  const dy = v - 0.53;
  const d = Math.hypot(dx, dy);
  const angle = Math.atan2(dy, dx); // -pi..pi, 0 = right
  // A ring open at the top right, like a circular arrow.
  if (d > 0.2 && d < 0.3 && !(angle < -0.35 && angle > -1.35)) return 2;
  // Arrowhead at the ring's open end, pointing up-right.
  const ax = u - 0.74;
  const ay = v - 0.33;
  if (ax < 0.08 && ay > -0.08 && ax - ay > -0.05 && -ax + ay < 0.17 && ay - ax < 0.17 && ax + ay > -0.09 && ax + ay < 0.1) return 2;
  return 1;
}

const BLUE = [31, 111, 235];
mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  const ss = 4;
  const data = png(size, (x, y) => {
    let blue = 0;
    let white = 0;
    for (let i = 0; i < ss; i++)
      for (let j = 0; j < ss; j++) {
        const s = shape((x + (i + 0.5) / ss) / size, (y + (j + 0.5) / ss) / size);
        if (s === 1) blue++;
        if (s === 2) white++;
      }
    const n = ss * ss;
    const a = (blue + white) / n;
    if (a === 0) return [0, 0, 0, 0];
    const w = white / (blue + white);
    return [...BLUE.map((c) => Math.round(c + (255 - c) * w)), Math.round(a * 255)];
  });
  writeFileSync(`public/icon/${size}.png`, data);
}
console.log('icons written to public/icon/');
