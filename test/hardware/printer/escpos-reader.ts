// Reads an ESC/POS stream back: the GB18030 text lines, and the commands that
// matter for a ticket (magnification, QR, raster image, cut). An unknown
// command fails loudly, so the reader never silently skips what it does not understand.
import iconv from 'iconv-lite';

export interface Decoded {
  /** Text in print order; a line per LF. */
  lines: string[];
  /** `GS ! n` values seen (n = (width-1)<<4 | (height-1)). */
  sizes: number[];
  /** Text printed while the character size was `size`, for each size. */
  textBySize: Map<number, string>;
  qr: string[];
  rasterImages: number;
  /** GS v 0 raster images: width in dots, height, 1 bit per dot (MSB first, 1 = black). */
  rasters: { width: number; height: number; data: Uint8Array }[];
  cuts: number;
  kanjiMode: boolean;
}

const ESC_ARGS: Record<string, number> = { '@': 0, M: 1, ' ': 1, '2': 0, '3': 1, '{': 1, '-': 1, E: 1, a: 1, $: 2, '\\': 2, J: 1, d: 1, t: 1, R: 1, '!': 1, G: 1, V: 1, r: 1, c: 2, p: 3 };
const FS_ARGS: Record<string, number> = { '.': 0, '&': 0, '-': 1, S: 2, C: 1, '!': 1, W: 1 };
const GS_ARGS: Record<string, number> = { r: 1, a: 1, B: 1, '!': 1, L: 2, W: 2, H: 1, h: 1, w: 1, f: 1, I: 1, P: 2, T: 1, $: 2, '\\': 2, b: 1 };

export function readEscPos(bytes: Uint8Array): Decoded {
  const out: Decoded = { lines: [], sizes: [], textBySize: new Map(), qr: [], rasterImages: 0, rasters: [], cuts: 0, kanjiMode: false };
  let text: number[] = [];
  let size = 0;
  let line = '';
  const flush = () => {
    if (text.length === 0) return;
    const s = iconv.decode(Buffer.from(text), 'gb18030');
    line += s;
    out.textBySize.set(size, (out.textBySize.get(size) ?? '') + s);
    text = [];
  };
  const u16 = (i: number) => (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8);
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const c = String.fromCharCode(bytes[i + 1] ?? 0);
    if (b === 0x0a) {
      flush();
      out.lines.push(line);
      line = '';
      i++;
    } else if (b === 0x1b) {
      flush();
      const n = ESC_ARGS[c];
      if (n === undefined) throw new Error(`unknown ESC ${c} at ${i}`);
      if (c === '*') throw new Error('bit image');
      // absolute / relative print position: the next column starts; keep a gap in the text
      if ((c === '$' || c === '\\') && line !== '' && !line.endsWith(' ')) line += ' ';
      i += 2 + n;
    } else if (b === 0x1c) {
      flush();
      if (c === '(') {
        i += 5 + u16(i + 3);
        continue;
      }
      const n = FS_ARGS[c];
      if (n === undefined) throw new Error(`unknown FS ${c} at ${i}`);
      if (c === '&') out.kanjiMode = true;
      i += 2 + n;
    } else if (b === 0x1d) {
      flush();
      if (c === '(') {
        const len = u16(i + 3);
        const fn = bytes[i + 2];
        // GS ( k: 2D codes; cn 49 fn 80 stores QR data
        if (fn === 0x6b && bytes[i + 5] === 49 && bytes[i + 6] === 80) out.qr.push(Buffer.from(bytes.subarray(i + 8, i + 5 + len)).toString('utf8'));
        i += 5 + len;
      } else if (c === 'V') {
        out.cuts++;
        const m = bytes[i + 2] ?? 0;
        i += [65, 66, 97, 98, 103, 104].includes(m) ? 4 : 3;
      } else if (c === 'v' && bytes[i + 2] === 0x30) {
        out.rasterImages++;
        const widthBytes = u16(i + 4);
        const height = u16(i + 6);
        out.rasters.push({ width: widthBytes * 8, height, data: bytes.slice(i + 8, i + 8 + widthBytes * height) });
        i += 8 + widthBytes * height;
      } else if (c === '!') {
        size = bytes[i + 2] ?? 0;
        out.sizes.push(size);
        i += 3;
      } else {
        const n = GS_ARGS[c];
        if (n === undefined) throw new Error(`unknown GS ${c} (0x${(bytes[i + 1] ?? 0).toString(16)}) at ${i}`);
        i += 2 + n;
      }
    } else if (b === 0x10) {
      flush();
      i += 3;
    } else if (b < 0x20 && b !== 0x09) {
      flush();
      i++;
    } else {
      text.push(b);
      i++;
    }
  }
  flush();
  if (line) out.lines.push(line);
  return out;
}

/** A raster image as RGBA pixels (for a QR decoder). */
export function rasterToRgba(r: { width: number; height: number; data: Uint8Array }, quiet = 16): { width: number; height: number; rgba: Uint8ClampedArray } {
  const width = r.width + 2 * quiet;
  const height = r.height + 2 * quiet;
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      const bit = ((r.data[y * (r.width / 8) + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
      if (bit) {
        const o = ((y + quiet) * width + x + quiet) * 4;
        rgba[o] = rgba[o + 1] = rgba[o + 2] = 0;
      }
    }
  }
  return { width, height, rgba };
}

/**
 * Where things land on the paper, as a printer would place them: one row per
 * line feed (its characters with their left edge in dots from the margin and
 * their magnification) or per raster image (its horizontal centre and size).
 * Reads ESC $ / ESC \ positions, GS ! sizes, ESC a alignment and GS v 0; fonts
 * are 12 dots a column (ASCII one column, GB18030 double-byte two).
 */
export type LayoutRow =
  | { kind: 'text'; chars: { ch: string; x: number; scale: [number, number] }[] }
  | { kind: 'image'; centre: number; width: number; height: number };

export function escPosLayout(bytes: Uint8Array, paperDots: number): LayoutRow[] {
  const rows: LayoutRow[] = [];
  let chars: { ch: string; x: number; scale: [number, number] }[] = [];
  let x = 0;
  let align = 0;
  let scale: [number, number] = [1, 1];
  const u16 = (i: number) => (bytes[i] ?? 0) | ((bytes[i + 1] ?? 0) << 8);
  let i = 0;
  const textRun: number[] = [];
  const flush = () => {
    if (textRun.length === 0) return;
    for (const ch of iconv.decode(Buffer.from(textRun), 'gb18030')) {
      chars.push({ ch, x, scale });
      x += (ch.charCodeAt(0) < 0x80 ? 12 : 24) * scale[0];
    }
    textRun.length = 0;
  };
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const c = String.fromCharCode(bytes[i + 1] ?? 0);
    if (b >= 0x20 || b === 0x09) {
      textRun.push(b);
      i++;
      continue;
    }
    flush();
    if (b === 0x0a) {
      rows.push({ kind: 'text', chars });
      chars = [];
      x = 0;
      i++;
    } else if (b === 0x1b) {
      if (c === '$') x = u16(i + 2);
      else if (c === '\\') x += (u16(i + 2) << 16) >> 16;
      else if (c === 'a') align = bytes[i + 2] ?? 0;
      i += 2 + (ESC_ARGS[c] ?? 0);
    } else if (b === 0x1c) {
      i += c === '(' ? 5 + u16(i + 3) : 2 + (FS_ARGS[c] ?? 0);
    } else if (b === 0x1d) {
      if (c === '!') {
        const n = bytes[i + 2] ?? 0;
        scale = [(n >> 4) + 1, (n & 15) + 1];
        i += 3;
      } else if (c === 'v' && bytes[i + 2] === 0x30) {
        const width = u16(i + 4) * 8;
        const height = u16(i + 6);
        const left = align === 1 ? (paperDots - width) / 2 : align === 2 ? paperDots - width : 0;
        rows.push({ kind: 'image', centre: left + width / 2, width, height });
        i += 8 + (width / 8) * height;
      } else if (c === 'V') {
        i += [65, 66, 97, 98, 103, 104].includes(bytes[i + 2] ?? 0) ? 4 : 3;
      } else if (c === '(') {
        i += 5 + u16(i + 3);
      } else {
        i += 2 + (GS_ARGS[c] ?? 0);
      }
    } else if (b === 0x10) {
      i += 3;
    } else {
      i++;
    }
  }
  flush();
  if (chars.length > 0) rows.push({ kind: 'text', chars });
  return rows;
}
