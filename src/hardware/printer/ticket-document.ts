// The ticket the student holds: one receiptline document, rendered as ESC/POS
// (GB18030 text in Kanji mode, for Chinese thermal printers) and as an SVG
// preview of the same layout for the UI and tests.
import receiptline from 'receiptline';
import { maskName } from '../../shared/id-number.js';
import type { TicketPrintJob } from '../printer.js';

export const RULE_LINE = '请按号码顺序拍照，不得换号；拍摄后请归还号牌';

/** Characters per line of font A (12×24 dots): 58 mm paper 384 dots, 80 mm paper 576 dots. */
export const CPL = { 58: 32, 80: 48 } as const;

/** receiptline's largest size, 6×: five characters are 30 columns, so it fits 58 mm paper too. */
export const TICKET_MAGNIFICATION = 6;

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

const two = (n: number) => String(n).padStart(2, '0');
/** Local wall-clock time: the kiosk's clock is the day's clock. */
export const checkInTime = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;

/** What the QR code says unless the job brings its own: the ticket and the event. */
export const ticketQrText = (job: Pick<TicketPrintJob, 'ticket' | 'eventName' | 'qr'>) => job.qr ?? `${job.ticket} ${job.eventName}`;

export function ticketMarkup(job: TicketPrintJob): string {
  // A dashed line in plain ASCII: receiptline's ruled lines use Epson's
  // code page 1 box characters, which clones print as garbage.
  const dashes = `\\${'-'.repeat(CPL[job.paperWidth])}`;
  return [
    '{align:center; width:auto; border:space}',
    `"${esc(job.eventName)}`,
    dashes,
    `${'^'.repeat(TICKET_MAGNIFICATION + 1)}${job.ticket}`,
    `^^^${esc(job.station)} 机位 · ${esc(job.room)}`,
    dashes,
    // label column 8 wide (前面还有), values left-aligned beside it
    '{width:8,*}',
    `学院 |${esc(job.college)} |`,
    `姓名 |${esc(maskName(job.name))} |`,
    `签到 |${checkInTime(job.checkedInAt)} |`,
    `前面还有 |"${job.ahead}" 人 |`,
    '{width:auto}',
    dashes,
    `{code:${escProp(ticketQrText(job))}; option:qrcode,4,m}`,
    '',
    // 58 mm holds 16 Chinese characters a line: break the rule at its semicolon, not mid-word
    job.paperWidth === 58 ? esc(RULE_LINE).replace('；', '；\\n') : esc(RULE_LINE),
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
