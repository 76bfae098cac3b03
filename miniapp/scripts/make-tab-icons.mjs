// Draws the four tab bar icons (81×81 PNG, grey and blue) with no image tools or downloads:
// simple shapes rasterised here and PNG-encoded with zlib. Run once; the PNGs are committed.
//   node scripts/make-tab-icons.mjs
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'

const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'assets', 'tab')
const N = 81

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (buf) => {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
function png(alpha, [r, g, b]) {
  const raw = Buffer.alloc((N * 4 + 1) * N)
  for (let y = 0; y < N; y++) {
    raw[y * (N * 4 + 1)] = 0
    for (let x = 0; x < N; x++) {
      const o = y * (N * 4 + 1) + 1 + x * 4
      raw[o] = r
      raw[o + 1] = g
      raw[o + 2] = b
      raw[o + 3] = Math.round(255 * alpha(x + 0.5, y + 0.5))
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(N, 0)
  ihdr.writeUInt32BE(N, 4)
  ihdr[8] = 8
  ihdr[9] = 6
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

// shapes as "inside" tests, 4× supersampled for smooth edges
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy)
  return d <= r && d >= r - w
}
const tri = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy)
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay)
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0))
}
const union = (...fs) => (x, y) => fs.some((f) => f(x, y))
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y)
const aa = (f) => (x, y) => {
  let n = 0
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (f(x - 0.5 + (i + 0.5) / 4, y - 0.5 + (j + 0.5) / 4)) n++
  return n / 16
}

const finder = (x0, y0) => union(minus(rect(x0, y0, x0 + 22, y0 + 22), rect(x0 + 5, y0 + 5, x0 + 17, y0 + 17)), rect(x0 + 9, y0 + 9, x0 + 13, y0 + 13))
const icons = {
  home: union(tri(40.5, 10, 8, 40, 73, 40), minus(rect(17, 38, 64, 70), rect(34, 50, 47, 70))),
  qrcode: union(finder(10, 10), finder(49, 10), finder(10, 49), rect(49, 49, 56, 56), rect(60, 60, 71, 71), rect(49, 64, 56, 71), rect(64, 49, 71, 56)),
  family: union(circle(28, 24, 10), circle(55, 28, 8), minus(circle(28, 62, 20), rect(0, 62, 81, 81)), minus(circle(55, 62, 15), rect(0, 62, 81, 81)), rect(8, 62, 70, 68)),
  mine: union(ring(40.5, 26, 14, 6), minus(ring(40.5, 74, 30, 6), rect(0, 70, 81, 81))),
}
fs.mkdirSync(out, { recursive: true })
for (const [name, shape] of Object.entries(icons)) {
  fs.writeFileSync(path.join(out, `${name}.png`), png(aa(shape), [0x8a, 0x93, 0xa3]))
  fs.writeFileSync(path.join(out, `${name}-active.png`), png(aa(shape), [0x1e, 0x6f, 0xd9]))
}
console.log(`wrote ${Object.keys(icons).length * 2} icons to ${out}`)
