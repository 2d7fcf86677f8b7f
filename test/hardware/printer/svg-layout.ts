// Where things land in a receiptline SVG preview, in the same terms as
// escPosLayout (escpos-reader.ts): rows of characters with their left edge in
// dots, and images by centre and size. Read from the SVG text, not from receiptline.
import type { LayoutRow } from './escpos-reader.js';

const unescape = (s: string) => s.replace(/&#xa0;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));

export function svgLayout(svg: string): LayoutRow[] {
  const rows: LayoutRow[] = [];
  // Each printed line is one <g transform="translate(x,y)"> holding a <text> or an image <path>.
  for (const m of svg.matchAll(/<g transform="translate\((-?[\d.]+),(-?[\d.]+)\)">(.*?)<\/g>/g)) {
    const dx = Number(m[1]);
    const body = m[3] ?? '';
    if (body.startsWith('<path')) {
      const d = /d="([^"]*)"/.exec(body)?.[1] ?? '';
      const module = Number(/l(\d+),0/.exec(d)?.[1] ?? 0);
      const xs = [...d.matchAll(/M(\d+),(\d+)/g)].map((p) => Number(p[1]));
      const ys = [...d.matchAll(/M(\d+),(\d+)/g)].map((p) => Number(p[2]));
      const width = Math.max(...xs) + module;
      rows.push({ kind: 'image', centre: dx + width / 2, width, height: Math.max(...ys) + module });
      continue;
    }
    const s = /<text(?: [^>]*?transform="scale\((\d+),(\d+)\)")?[^>]*>/.exec(body);
    const scale: [number, number] = [Number(s?.[1] ?? 1), Number(s?.[2] ?? 1)];
    const chars = [...body.matchAll(/<tspan x="(-?[\d.]+)">(.*?)<\/tspan>/g)].map((t) => {
      const ch = unescape(t[2] ?? '');
      // x is the character's centre in unscaled units (text-anchor middle)
      const advance = (ch.charCodeAt(0) < 0x80 ? 12 : 24) * scale[0];
      return { ch, x: dx + Number(t[1]) * scale[0] - advance / 2, scale };
    });
    rows.push({ kind: 'text', chars });
  }
  return rows;
}
