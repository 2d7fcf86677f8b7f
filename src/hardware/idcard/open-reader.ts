// Reader targets (INTERFACES.md §1.6): `serial:/dev/ttyUSB0?baud=115200`,
// `hid:VID:PID`, `demo`, `none`.
import type { CardReader, ReaderStatus } from '../reader.js';
import { demoReader } from './demo-reader.js';

export function noReader(): CardReader {
  const status: ReaderStatus = { state: 'none', message: '未配置读卡器：请手动输入学号或身份证号', target: 'none' };
  return {
    onCard: () => () => {},
    onStatus: () => () => {},
    status: () => status,
    close: async () => {},
  };
}

/** Opens the reader named by a target string; throws a bad-input AppError for an unknown target. */
export function openReader(target: string): CardReader {
  if (target === 'none' || target === '') return noReader();
  if (target === 'demo') return demoReader();
  throw new Error(`reader target "${target}" is not supported yet`);
}
