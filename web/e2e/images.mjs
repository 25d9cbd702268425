// Images for the photo tests. Small valid PNG files, written here (zlib for the pixels, a CRC-32 per
// chunk): a patch of scalp with dark hairs on it, `hairs` of them, so that a photo "before" and
// one "after" look plainly different side by side.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, sum]);
}

// The same hairs for the same `seed`: the test's pictures do not change between runs.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// A `width` x `height` RGB PNG of skin with `hairs` strands, denser towards the top.
export function scalpPng({ width = 480, height = 360, hairs = 800, seed = 1 } = {}) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; ++y) {
    for (let x = 0; x < width; ++x) {
      const i = (y * width + x) * 3;
      const shade = 1 - 0.15 * (Math.hypot(x - width / 2, y - height / 2) / width);
      pixels[i] = 222 * shade;
      pixels[i + 1] = 178 * shade;
      pixels[i + 2] = 150 * shade;
    }
  }
  const next = random(seed);
  for (let n = 0; n < hairs; ++n) {
    let x = next() * width;
    let y = Math.sqrt(next()) * height; // more near the top than the bottom: y small is rare...
    y = height - y; // ...so turned over
    const angle = -Math.PI / 2 + (next() - 0.5) * 1.2;
    const length = 10 + next() * 18;
    for (let s = 0; s < length; s += 0.5) {
      const px = Math.round(x + Math.cos(angle) * s);
      const py = Math.round(y + Math.sin(angle) * s);
      if (px < 0 || py < 0 || px >= width - 1 || py >= height) continue;
      for (const dx of [0, 1]) {
        const i = (py * width + px + dx) * 3;
        pixels[i] = 52;
        pixels[i + 1] = 36;
        pixels[i + 2] = 28;
      }
    }
  }
  // Each row starts with its filter byte (0: none).
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; ++y) pixels.copy(rows, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// A synthetic trichoscopy JPEG with known hairs, made by the engine's own generator (the
// benchmark's `write` mode): { jpeg, truth } where truth holds the calibration (um_per_px), the
// target area and the figures of the hairs leaving the scalp inside it.
export function trichoscopyJpeg(generator, seed) {
  const dir = mkdtempSync(path.join(tmpdir(), "trichoscopy-"));
  try {
    const made = spawnSync(generator, ["write", dir, String(seed), "1"], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`${generator} write failed: ${made.stderr}`);
    return {
      jpeg: readFileSync(path.join(dir, `${seed}.jpg`)),
      truth: JSON.parse(readFileSync(path.join(dir, `${seed}.json`), "utf8")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One site's two visits from the trichometry bench's generator (seed `seed`): the baseline and
// the follow-up image with each one's calibration and target area, the true count in the
// baseline's area and its change.
export function trichoscopyVisits(generator, seed) {
  const dir = mkdtempSync(path.join(tmpdir(), "trichoscopy-visits-"));
  try {
    const made = spawnSync(generator, ["write-visits", dir, String(seed)], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`${generator} write-visits failed: ${made.stderr}`);
    return {
      baseline: readFileSync(path.join(dir, `${seed}-baseline.jpg`)),
      followUp: readFileSync(path.join(dir, `${seed}-follow-up.jpg`)),
      truth: JSON.parse(readFileSync(path.join(dir, `${seed}-visits.json`), "utf8")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A phototrichogram from the trichometry bench's generator: the clipped site's day-0 image and
// the one `days` later, with each one's calibration and target area and the true growth.
export function trichoscopyGrowth(generator, seed, days) {
  const dir = mkdtempSync(path.join(tmpdir(), "trichoscopy-growth-"));
  try {
    const made = spawnSync(generator, ["write-growth", dir, String(seed), String(days)], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`${generator} write-growth failed: ${made.stderr}`);
    return {
      day0: readFileSync(path.join(dir, `${seed}-day-0.jpg`)),
      later: readFileSync(path.join(dir, `${seed}-later.jpg`)),
      truth: JSON.parse(readFileSync(path.join(dir, `${seed}-growth.json`), "utf8")),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
