// CJK text in exported PDFs. The main face is Noto Sans Hans (@embedpdf/fonts-sc,
// OFL), embedded as a subset. Names it cannot draw fall back, per run of
// characters, to Noto Sans Hant (@embedpdf/fonts-tc, OFL: HKSCS, so many
// Ext-B 生僻字 such as 𠈌), then to a system font with Extension B. A character
// no face has is reported (the CLI and the API log it), never boxed silently.
// Choices and coverage: assets/fonts/README.md.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** A font file inside an npm package: resolved from node_modules, so it works from src (tsx) and from dist. */
function packageFont(pkg: string, file: string): string {
  const main = require.resolve(pkg); // …/dist/index.cjs
  return join(dirname(dirname(main)), 'fonts', file);
}

/** The main face, shipped with the app. */
export const bundledFontFile = (): string => packageFont('@embedpdf/fonts-sc', 'NotoSansHans-Regular.otf');

interface FontFace {
  file: string;
  /** Face name inside a .ttc collection. */
  family?: string;
}

/** Shipped with the app (npm dependency): Hong Kong and Taiwan sets, including HKSCS Extension B characters. */
const SHIPPED_FALLBACKS = (): FontFace[] => [{ file: packageFont('@embedpdf/fonts-tc', 'NotoSansHant-Regular.otf') }];

/** Fonts with (more of) CJK Extension B, where an installation usually has them. */
const SYSTEM_FALLBACKS: FontFace[] = [
  { file: 'C:\\Windows\\Fonts\\simsunb.ttf' },
  { file: 'C:\\Windows\\Fonts\\mingliub.ttc', family: 'MingLiU-ExtB' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf' },
  { file: '/System/Library/Fonts/Supplemental/Songti.ttc', family: 'STSongti-SC-Regular' },
];

export interface FontOptions {
  /** Look for system fonts after the shipped ones (default true; tests turn it off to see what the app alone draws). */
  systemFallbacks?: boolean;
}

type Doc = InstanceType<typeof PDFDocument>;
interface LoadedFont {
  ascender: number;
  font: { hasGlyphForCodePoint(cp: number): boolean; glyphForCodePoint(cp: number): { advanceWidth: number }; unitsPerEm: number };
}
const currentFont = (doc: Doc) => (doc as unknown as { _font: LoadedFont })._font;

export interface CjkFonts {
  /** Writes text at (x, y) switching to a fallback font per run of characters the main font lacks. */
  text(doc: Doc, text: string, x: number, y: number, opts?: PDFKit.Mixins.TextOptions): void;
  widthOf(doc: Doc, text: string): number;
  /** The width of text at this size from the glyphs' advance widths: no shaping, so cheap enough for every cell (kerning ignored). */
  advanceOf(text: string, size: number): number;
  /** Characters no available font could draw (reported once per export). */
  missing: Set<string>;
}

export function cjkFonts(doc: Doc, options: FontOptions = {}): CjkFonts {
  const faces: { name: string; font: LoadedFont }[] = [];
  const register = (name: string, face: FontFace): boolean => {
    try {
      doc.registerFont(name, face.file, face.family as string);
      doc.font(name);
      faces.push({ name, font: currentFont(doc) });
      return true;
    } catch {
      return false;
    }
  };
  if (!register('cjk', { file: bundledFontFile() })) throw new Error(`cannot load the PDF font ${bundledFontFile()}: reinstall swipequeue`);
  // Fallbacks are registered only when a name needs them: a registered face is embedded even if unused.
  let fallbacksLoaded = false;
  const loadFallbacks = () => {
    if (fallbacksLoaded) return;
    fallbacksLoaded = true;
    SHIPPED_FALLBACKS().forEach((f, i) => existsSync(f.file) && register(`cjk-shipped-${i}`, f));
    if (options.systemFallbacks !== false) SYSTEM_FALLBACKS.forEach((f, i) => existsSync(f.file) && register(`cjk-system-${i}`, f));
    doc.font('cjk');
  };
  const missing = new Set<string>();
  const main = faces[0]!;

  /** Splits text into runs drawn by one face each. */
  const runs = (text: string): { face: (typeof faces)[number]; text: string }[] => {
    const out: { face: (typeof faces)[number]; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      let face = cp < 0x80 || main.font.font.hasGlyphForCodePoint(cp) ? main : undefined;
      if (!face) {
        loadFallbacks();
        face = faces.find((f) => f.font.font.hasGlyphForCodePoint(cp));
        if (!face) {
          missing.add(ch);
          face = main;
        }
      }
      const last = out[out.length - 1];
      if (last && last.face === face) last.text += ch;
      else out.push({ face, text: ch });
    }
    return out;
  };

  const advances = new Map<(typeof faces)[number], Map<number, number>>();
  return {
    missing,
    text(doc, text, x, y, opts = {}) {
      const parts = runs(text);
      if (parts.length <= 1) {
        doc.font(parts[0]?.face.name ?? 'cjk').text(text, x, y, opts);
        doc.font('cjk');
        return;
      }
      // Mixed faces: draw run by run on one line (names and IDs never wrap),
      // on the main face's baseline: faces differ in ascender.
      const size = (doc as unknown as { _fontSize: number })._fontSize;
      const total = parts.reduce((w, p) => w + doc.font(p.face.name).widthOfString(p.text), 0);
      let cx = x;
      if (opts.width && opts.align === 'center') cx = x + Math.max(0, (opts.width - total) / 2);
      if (opts.width && opts.align === 'right') cx = x + Math.max(0, opts.width - total);
      for (const p of parts) {
        const dy = ((main.font.ascender - p.face.font.ascender) / 1000) * size;
        doc.font(p.face.name).text(p.text, cx, y + dy, { lineBreak: false });
        cx += doc.widthOfString(p.text);
      }
      doc.font('cjk');
    },
    advanceOf(text, size) {
      let units = 0;
      for (const p of runs(text)) {
        let cache = advances.get(p.face);
        if (!cache) advances.set(p.face, (cache = new Map()));
        const font = p.face.font.font;
        for (const ch of p.text) {
          const cp = ch.codePointAt(0) ?? 0;
          let w = cache.get(cp);
          if (w === undefined) cache.set(cp, (w = font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm));
          units += w;
        }
      }
      return units * size;
    },
    widthOf(doc, text) {
      const w = runs(text).reduce((sum, p) => sum + doc.font(p.face.name).widthOfString(p.text), 0);
      doc.font('cjk');
      return w;
    },
  };
}
