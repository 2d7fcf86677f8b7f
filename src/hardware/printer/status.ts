// Real-time status (DLE EOT n) of ESC/POS printers: pure decoding of the answer bytes.
// Printers answer these even while offline, out of paper or with the cover open.
import type { PrinterState } from '../printer.js';

export const DLE_EOT = {
  printer: Uint8Array.of(0x10, 0x04, 0x01),
  offlineCause: Uint8Array.of(0x10, 0x04, 0x02),
  errorCause: Uint8Array.of(0x10, 0x04, 0x03),
  paperSensor: Uint8Array.of(0x10, 0x04, 0x04),
} as const;

/** Every DLE EOT answer has the fixed bits `0xx1xx10`; anything else is not an answer. */
export const isStatusByte = (b: number) => (b & 0x93) === 0x12;

/** Plain words, Chinese first, then English. */
export const STATE_MESSAGE: Record<PrinterState, string> = {
  ok: '打印机正常 (ready)',
  'paper-out': '打印机缺纸：请装纸，号码照常显示在屏幕上 (paper out)',
  'cover-open': '打印机盖未关好：请合上纸仓盖 (cover open)',
  offline: '打印机离线 (offline)',
  error: '打印机故障 (printer error)',
  none: '未配置打印机：按屏幕号码发放号牌 (no printer)',
};

export const PAPER_LOW = '纸快用完了 (paper low)';
export const CUTTER_ERROR = '切刀故障，请检查切刀 (cutter error)';

export interface StatusBytes {
  printer: number;
  offlineCause?: number;
  errorCause?: number;
  paper?: number;
}

/**
 * n=1 bit 3: offline. n=2 bit 2: cover open, bit 5: paper end stop, bit 6: error.
 * n=3 bit 3: cutter error. n=4 bits 2-3: paper near end, bits 5-6: roll paper end.
 */
export function decodeStatus(printer: number, offlineCause: number | undefined, paper: number | undefined): PrinterState {
  if ((paper ?? 0) & 0x60) return 'paper-out';
  if (printer & 0x08) {
    if ((offlineCause ?? 0) & 0x04) return 'cover-open';
    if ((offlineCause ?? 0) & 0x20) return 'paper-out';
    if ((offlineCause ?? 0) & 0x40) return 'error';
    return 'offline';
  }
  return 'ok';
}

/** The state and its words, with the detail a volunteer can act on (paper low, cutter). */
export function describeStatus(s: StatusBytes): { state: PrinterState; message: string } {
  const state = decodeStatus(s.printer, s.offlineCause, s.paper);
  if (state === 'error' && (s.errorCause ?? 0) & 0x08) return { state, message: `打印机${CUTTER_ERROR}` };
  if (state === 'ok' && (s.paper ?? 0) & 0x0c) return { state, message: `打印机正常，${PAPER_LOW}` };
  return { state, message: STATE_MESSAGE[state] };
}
