// Real-time status (DLE EOT n) of ESC/POS printers: pure decoding of the answer bytes.
import type { PrinterState } from '../printer.js';

export const DLE_EOT = {
  printer: Uint8Array.of(0x10, 0x04, 0x01),
  offlineCause: Uint8Array.of(0x10, 0x04, 0x02),
  paperSensor: Uint8Array.of(0x10, 0x04, 0x04),
} as const;

export const STATE_MESSAGE: Record<PrinterState, string> = {
  ok: '打印机正常',
  'paper-out': '打印机缺纸：请装纸，号码照常显示在屏幕上',
  'cover-open': '打印机盖未关好',
  offline: '打印机离线',
  error: '打印机故障',
  none: '未配置打印机：按屏幕号码发放号牌',
};

/**
 * n=1 bit 3: offline. n=2 bit 2: cover open, bit 5: paper end stop.
 * n=4 bits 5-6: roll paper end. Each answer byte has bit 4 set and bit 7 clear.
 */
export function decodeStatus(printer: number, offlineCause: number | undefined, paper: number | undefined): PrinterState {
  if ((paper ?? 0) & 0x60) return 'paper-out';
  if (printer & 0x08) {
    if ((offlineCause ?? 0) & 0x04) return 'cover-open';
    if ((offlineCause ?? 0) & 0x20) return 'paper-out';
    return 'offline';
  }
  return 'ok';
}
