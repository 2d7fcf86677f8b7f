import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolder, parseShellConfig } from '../../src/main/config.js';

describe('parseShellConfig', () => {
  it('defaults to a windowed desk with the stored hardware', () => {
    expect(parseShellConfig(['/opt/swipequeue/swipequeue'], {})).toEqual({ kiosk: false, dbFile: undefined, reader: undefined, printer: undefined, callers: [], display: false });
  });

  it('reads flags, which win over the environment', () => {
    const env = { SWIPEQUEUE_READER: 'demo', SWIPEQUEUE_PRINTER: 'none', SWIPEQUEUE_KIOSK: '0' };
    const config = parseShellConfig(['app', '--kiosk', '--reader=serial:/dev/ttyUSB0?baud=115200', '--caller=a,B,b,zz', '--no-sandbox'], env);
    expect(config).toMatchObject({ kiosk: true, reader: 'serial:/dev/ttyUSB0?baud=115200', printer: 'none', callers: ['A', 'B'] });
  });

  it('reads the environment', () => {
    const config = parseShellConfig(['app'], { SWIPEQUEUE_KIOSK: 'yes', SWIPEQUEUE_DB: '/data/day.db', SWIPEQUEUE_CALLERS: 'C', SWIPEQUEUE_DISPLAY: '1' });
    expect(config).toMatchObject({ kiosk: true, dbFile: '/data/day.db', callers: ['C'], display: true });
  });
});

describe('dataFolder', () => {
  it('is the folder `swipequeue serve` uses', () => {
    expect(dataFolder({ XDG_DATA_HOME: '/x' }, 'linux')).toBe(join('/x', 'swipequeue'));
    expect(dataFolder({ APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\li\\AppData\\Roaming', 'swipequeue'));
  });
});
