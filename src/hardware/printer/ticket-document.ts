// The ticket the student holds: one receiptline document, rendered as ESC/POS
// (GB18030 text in Kanji mode, for Chinese thermal printers) and as an SVG
// preview of the same layout for the UI and tests.
import iconv from 'iconv-lite';
import receiptline from 'receiptline';
import { maskName } from '../../shared/id-number.js';
import type { TicketPrintJob } from '../printer.js';

/** The rules printed at the foot of every ticket, one line each. */
export const RULE_LINES = ['请按号码顺序拍照，不得换号；拍摄后请归还号牌', '过号请到签到台重新叫号'] as const;
/** Under the QR code when it links to the ticket's page (src/renderer/screens/PhoneTicket.tsx). */
export const QR_CAPTION = '扫码查看排队进度';

/** Characters per line of font A (12×24 dots): 58 mm paper 384 dots, 80 mm paper 576 dots. */
export const CPL = { 58: 32, 80: 48 } as const;

/** receiptline's largest size, 6×: five characters are 30 columns, so it fits 58 mm paper too. */
export const TICKET_MAGNIFICATION = 6;
/** The label column of the table (前面还有); values start after it and a border column. */
const LABEL_COLUMNS = 8;
/** The station and room line is printed at 2× (`^^^`). */
const ROOM_MAGNIFICATION = 2;

/**
 * Blank lines fed after the last printed line: the cut (GS V) comes after them,
 * and a printer without a cutter tears there instead of through the rules.
 */
export const FEED_LINES = 4;

/** Printed in place of a character the printer's font cannot print. */
export const UNPRINTABLE_MARK = '□';

/**
 * `generic` is receiptline's plain ESC/POS: GS v 0 raster for the QR code and no
 * Epson-only set-up commands (FS ( A, GS 8 L), so the common Chinese 58/80 mm
 * printers (Xprinter, Gprinter, Rongta…) print it as well as an Epson does.
 */
const COMMAND = 'generic' as const;

/** receiptline markup: these characters are special in text. */
const esc = (s: string) => s.replace(/[\\|{}^~_"`]/g, (c) => `\\${c}`);
/** …and these in property values (`{code: …}`), where `\:` would drop the colon: hex escapes. */
const escProp = (s: string) => s.replace(/[\\|{};:]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);

/**
 * Chinese thermal printers carry a GBK font: the characters GB18030 encodes in
 * four bytes (rare name characters such as 𬌗, emoji) come out as garbage. Each
 * one is printed as □ instead; so is anything GB18030 cannot encode at all.
 */
const printable = (ch: string) => {
  const bytes = iconv.encode(ch, 'gb18030');
  return bytes.length <= 2 && iconv.decode(bytes, 'gb18030') === ch;
};
export function printableText(s: string): { text: string; replaced: number } {
  let replaced = 0;
  const text = Array.from(s, (ch) => {
    if (printable(ch)) return ch;
    replaced++;
    return UNPRINTABLE_MARK;
  }).join('');
  return { text, replaced };
}

/** The texts of a job as printed: the name masked, every character printable. */
function printedFields(job: TicketPrintJob) {
  return {
    eventName: printableText(job.eventName),
    station: printableText(job.station),
    room: printableText(job.room),
    college: printableText(job.college),
    name: printableText(maskName(job.name)),
  };
}

/** The fields of a job that had characters replaced by □, and how many (for the kiosk's log). */
export function unprintableCharacters(job: TicketPrintJob): { field: string; count: number }[] {
  return Object.entries(printedFields(job))
    .filter(([, v]) => v.replaced > 0)
    .map(([field, v]) => ({ field, count: v.replaced }));
}

/** Columns a character takes in font A: one for ASCII, two for a GB18030 double-byte character. */
const columns = (s: string) => Array.from(s).reduce((n, ch) => n + (ch.charCodeAt(0) < 0x80 ? 1 : 2), 0);

const OPENING = /^[（(「『【〔《“‘]+$/;
const CLOSING = /^[）)」』】〕》”’，。、；：！？,.;:!?·]+$/;
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Words of a line, never to be split: Chinese words as ICU segments them, runs of
 * ASCII without spaces whole (`7-115`, `B-201a`), punctuation kept with its word.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  let glueNext = false;
  for (const { segment } of segmenter.segment(text)) {
    const prev = out.length > 0 ? out[out.length - 1]! : null;
    const asciiRun = /^[!-~]+$/.test(segment) && prev !== null && /[!-~]$/.test(prev) && !/\s$/.test(prev);
    if (prev !== null && (glueNext || CLOSING.test(segment) || asciiRun)) out[out.length - 1] = prev + segment;
    else out.push(segment);
    glueNext = OPENING.test(segment);
  }
  return out;
}

/** A clause ends after one of these; a line breaks there first when it can. */
const CLAUSE_END = /(?<=[，；。、！？])/u;

/**
 * Breaks a line into lines of at most `width` columns: between clauses when a
 * whole clause fits, else at word boundaries; a single word longer than a line
 * is broken between characters.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const push = () => {
    if (line.trim() !== '') lines.push(line.trim());
    line = '';
  };
  const put = (piece: string) => {
    if (columns(line + piece) <= width) {
      line += piece;
      return true;
    }
    return false;
  };
  for (const clause of text.split(CLAUSE_END)) {
    if (put(clause)) continue;
    if (columns(clause.trim()) <= width) {
      push();
      line = clause.trimStart();
      continue;
    }
    for (const word of words(clause)) {
      if (put(word)) continue;
      push();
      if (word.trim() === '') continue;
      for (const ch of columns(word) <= width ? [word] : Array.from(word)) {
        if (columns(line + ch) > width) push();
        line += ch;
      }
    }
  }
  push();
  return lines.length > 0 ? lines : [''];
}

/** `A 机位 · 7-115` on one line when it fits; else the station, then the room wrapped at word boundaries. */
export function roomLines(station: string, room: string, width: number): string[] {
  const whole = `${station} 机位 · ${room}`;
  return columns(whole) <= width ? [whole] : [`${station} 机位`, ...wrapWords(room, width)];
}

const two = (n: number) => String(n).padStart(2, '0');
/** Local wall-clock time to the second: the kiosk's clock is the day's clock. */
export const checkInTime = (d: Date) =>
  `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;

/** What the QR code says unless the job brings its own: the ticket and the event. */
export const ticketQrText = (job: Pick<TicketPrintJob, 'ticket' | 'eventName' | 'qr'>) => job.qr ?? `${job.ticket} ${job.eventName}`;

export function ticketMarkup(job: TicketPrintJob): string {
  const cpl = CPL[job.paperWidth];
  const f = printedFields(job);
  // A dashed line in plain ASCII: receiptline's ruled lines use Epson's
  // code page 1 box characters, which clones print as garbage.
  const dashes = `\\${'-'.repeat(cpl)}`;
  const room = roomLines(f.station.text, f.room.text, Math.floor(cpl / ROOM_MAGNIFICATION));
  return [
    '{align:center; width:auto; border:space}',
    `"${esc(f.eventName.text)}`,
    dashes,
    `${'^'.repeat(TICKET_MAGNIFICATION + 1)}${job.ticket}`,
    ...room.map((line) => `^^^${esc(line)}`),
    dashes,
    // label column 8 wide (前面还有), values left-aligned beside it; a long college wraps at a word boundary
    `{width:${LABEL_COLUMNS},*}`,
    ...wrapWords(f.college.text, cpl - LABEL_COLUMNS - 2).map((line, i) => `${i === 0 ? '学院' : '　'} |${esc(line)} |`),
    `姓名 |${esc(f.name.text)} |`,
    `签到 |${checkInTime(job.checkedInAt)} |`,
    `前面还有 |"${job.ahead}" 人 |`,
    '{width:auto}',
    dashes,
    `{code:${escProp(ticketQrText(job))}; option:qrcode,4,m}`,
    ...(job.qr !== undefined ? [QR_CAPTION] : []),
    '',
    ...RULE_LINES.flatMap((rule) => wrapWords(rule, cpl).map(esc)),
    ...Array.from({ length: FEED_LINES }, () => ''),
  ].join('\n');
}

const render = (job: TicketPrintJob, command: 'generic' | 'svg' | 'text') =>
  receiptline.transform(ticketMarkup(job), {
    cpl: CPL[job.paperWidth],
    encoding: 'gb18030',
    command,
    cutting: true, // one cut at the end (GS V)
    spacing: true,
  });

/** ESC/POS bytes: receiptline answers a binary string, one char per byte. */
export function ticketEscPos(job: TicketPrintJob): Uint8Array {
  return new Uint8Array(Buffer.from(render(job, COMMAND), 'binary'));
}

/** The same document as an SVG image (what the desk shows and `ticket preview` writes). */
export function ticketSvg(job: TicketPrintJob): string {
  return render(job, 'svg');
}

/** The same document as plain text, one printed line per line (for logs and quick checks). */
export function ticketText(job: TicketPrintJob): string {
  return render(job, 'text');
}
