// CJK text in exported PDFs: Noto Sans Hans (OFL, shipped through npm) embedded
// as a subset; characters it lacks (Ext-B 生僻字 such as 𠈌) fall back to a
// system CJK font that has them, so no name prints as boxes silently.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);

/** The bundled font: @embedpdf/fonts-sc ships Noto Sans Hans (Noto Sans CJK SC) OTFs. */
export function bundledFontFile(): string {
  const main = require.resolve('@embedpdf/fonts-sc'); // …/dist/index.cjs
  return join(dirname(dirname(main)), 'fonts', 'NotoSansHans-Regular.otf');
}

interface FontFace {
  file: string;
  /** Face name inside a .ttc collection. */
  family?: string;
}

/** Fonts with CJK Extension B, where an installation usually has them. */
const SYSTEM_FALLBACKS: FontFace[] = [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'NotoSansCJKsc-Regular' },
  { file: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', family: 'NotoSerifCJKsc-Regular' },
  { file: '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf' },
  { file: 'C:\\Windows\\Fonts\\simsunb.ttf' },
  { file: 'C:\\Windows\\Fonts\\mingliub.ttc', family: 'MingLiU-ExtB' },
  { file: '/System/Library/Fonts/Supplemental/Songti.ttc', family: 'STSongti-SC-Regular' },
];

type Doc = InstanceType<typeof PDFDocument>;
interface GlyphFont {
  hasGlyphForCodePoint(cp: number): boolean;
}

export interface CjkFonts {
  /** Writes text at (x, y) switching to a fallback font per run of characters the main font lacks. */
  text(doc: Doc, text: string, x: number, y: number, opts?: PDFKit.Mixins.TextOptions): void;
  widthOf(doc: Doc, text: string): number;
  /** Characters no available font could draw (reported once per export). */
  missing: Set<string>;
}

export function cjkFonts(doc: Doc): CjkFonts {
  const faces: { name: string; font: GlyphFont }[] = [];
  const register = (name: string, face: FontFace): boolean => {
    try {
      doc.registerFont(name, face.file, face.family as string);
      doc.font(name);
      faces.push({ name, font: (doc as unknown as { _font: { font: GlyphFont } })._font.font });
      return true;
    } catch {
      return false;
    }
  };
  register('cjk', { file: bundledFontFile() });
  let fallbacksLoaded = false;
  const loadFallbacks = () => {
    if (fallbacksLoaded) return;
    fallbacksLoaded = true;
    SYSTEM_FALLBACKS.forEach((f, i) => existsSync(f.file) && register(`cjk-fallback-${i}`, f));
  };
  const missing = new Set<string>();

  /** Splits text into runs drawn by one face each. */
  const runs = (text: string): { face: string; text: string }[] => {
    const out: { face: string; text: string }[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0) ?? 0;
      let face = faces[0]?.font.hasGlyphForCodePoint(cp) || cp < 0x80 ? 'cjk' : undefined;
      if (!face) {
        loadFallbacks();
        face = faces.find((f) => f.font.hasGlyphForCodePoint(cp))?.name;
        if (!face) {
          missing.add(ch);
          face = 'cjk';
        }
      }
      const last = out[out.length - 1];
      if (last && last.face === face) last.text += ch;
      else out.push({ face, text: ch });
    }
    return out;
  };

  return {
    missing,
    text(doc, text, x, y, opts = {}) {
      const parts = runs(text);
      if (parts.length <= 1) {
        doc.font(parts[0]?.face ?? 'cjk').text(text, x, y, opts);
        return;
      }
      // Mixed faces: draw run by run on one line (names and IDs never wrap).
      let cx = x;
      const total = parts.reduce((w, p) => w + doc.font(p.face).widthOfString(p.text), 0);
      if (opts.align === 'center' && opts.width) cx = x + Math.max(0, (opts.width - total) / 2);
      for (const p of parts) {
        doc.font(p.face).text(p.text, cx, y, { lineBreak: false });
        cx += doc.widthOfString(p.text);
      }
      doc.font('cjk');
    },
    widthOf(doc, text) {
      return runs(text).reduce((w, p) => w + doc.font(p.face).widthOfString(p.text), 0);
    },
  };
}
