// serialport is a native module: loaded on first use, not when the app starts,
// so a missing or mismatched binding is a device error in plain words (the
// reader or printer says why) instead of a crash before any window opens.
import type { SerialPort } from 'serialport';

let loading: Promise<typeof SerialPort> | undefined;

export function loadSerialPort(): Promise<typeof SerialPort> {
  loading ??= import('serialport').then(
    (m) => m.SerialPort,
    (e: unknown) => {
      loading = undefined; // try again next time
      throw new Error(`串口组件无法加载，请重新安装本程序 / the serialport module could not be loaded: ${(e as Error).message}`, { cause: e });
    },
  );
  return loading;
}
