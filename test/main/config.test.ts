import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFolder, debuggingSwitch, parseShellConfig } from '../../src/main/config.js';

describe('parseShellConfig', () => {
  it('defaults to a windowed desk with the stored hardware', () => {
    expect(parseShellConfig(['/opt/swipequeue/swipequeue'], {})).toEqual({ kiosk: false, dbFile: undefined, reader: undefined, printer: undefined, callers: [], display: false, newKey: false });
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

describe('debuggingSwitch (the installed app refuses them)', () => {
  const app = '/opt/swipequeue/swipequeue';
  it('finds Chromium remote debugging and Node inspector switches in any form', () => {
    for (const [argv, found] of [
      [[app, '--remote-debugging-port=9222'], '--remote-debugging-port'],
      [[app, '--kiosk', '--remote-debugging-port', '9222'], '--remote-debugging-port'],
      [[app, '--remote-debugging-pipe'], '--remote-debugging-pipe'],
      [[app, '--inspect'], '--inspect'],
      [[app, '--inspect=0.0.0.0:9229'], '--inspect'],
      [[app, '--inspect-brk=9229'], '--inspect-brk'],
      [[app, '--js-flags=--expose-gc --inspect'], '--js-flags=--inspect'],
    ] as const) {
      expect(debuggingSwitch(argv, [], {}), argv.join(' ')).toBe(found);
    }
    expect(debuggingSwitch([app], ['--inspect-port=0'], {})).toBe('--inspect-port');
    expect(debuggingSwitch([app], [], { NODE_OPTIONS: '--max-old-space-size=4096 --inspect=9229' })).toBe('NODE_OPTIONS --inspect');
  });

  it('lets the kiosk’s own flags and Chromium’s harmless ones through', () => {
    expect(debuggingSwitch([app, '--kiosk', '--caller=A', '--db=/data/day.db', '--no-sandbox', '--inspector-free', '--debugger'], [], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBeNull();
  });
});

describe('dataFolder', () => {
  it('is the folder `swipequeue serve` uses', () => {
    expect(dataFolder({ XDG_DATA_HOME: '/x' }, 'linux')).toBe(join('/x', 'swipequeue'));
    expect(dataFolder({ APPDATA: 'C:\\Users\\li\\AppData\\Roaming' }, 'win32')).toBe(join('C:\\Users\\li\\AppData\\Roaming', 'swipequeue'));
  });
});
