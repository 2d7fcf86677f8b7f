// Printer targets (INTERFACES.md §1.5): `tcp://host:9100`, `serial:/dev/ttyUSB0?baud=9600`,
// `file:/path`, `none`.
import type { TicketPrinter } from '../printer.js';

export function noPrinter(): TicketPrinter {
  return {
    print: async () => {
      throw new Error('未配置打印机：请按屏幕上的号码发放号牌');
    },
    status: async () => ({ state: 'none', message: '未配置打印机：按屏幕号码发放号牌', target: 'none' }),
    close: async () => {},
  };
}

/** Opens the printer named by a target string; throws a bad-input AppError for an unknown target. */
export function openPrinter(target: string): TicketPrinter {
  if (target === 'none' || target === '') return noPrinter();
  throw new Error(`printer target "${target}" is not supported yet`);
}
