// idcard decode on what the field emits (docs/reader-protocol.md §2): each capture in
// fixtures/captures, decoded in process and through the CLI, with its note.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../src/hardware/idcard/capture.js';
import { FrameParser } from '../../../src/hardware/idcard/frame.js';
import { AppError } from '../../../src/shared/errors.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const DIR = join(import.meta.dirname, 'fixtures', 'captures');
const ZHANG = { name: '张三', idNumber: '11010519491231002X', validUntil: '长期', idNumberValid: true };
const LI = { name: '李四', idNumber: '440524188001010014', gender: '女', nation: '回' };

type Expect = { card: Record<string, unknown>; note: RegExp | null } | { error: RegExp };

/** Every fixture file and what it must give: the card and the note, or the one error line. */
const CASES: Record<string, Expect> = {
  'clean-frame.hex': { card: ZHANG, note: null },
  'trailing-byte.bin': { card: ZHANG, note: /^raw bytes: a reply frame; skipped 1 stray byte after it$/ },
  'leading-garbage.hex': { card: ZHANG, note: /^hex text: a reply frame; skipped 5 stray bytes before the frame$/ },
  'outer-wrapper.bin': { card: LI, note: /^raw bytes: a reply frame; skipped 4 stray bytes before the frame and 3 after$/ },
  'preamble-a55a.hex': { card: LI, note: /^hex text: a reply frame with the AA AA AA A5 5A preamble$/ },
  'stripped-with-checksum.hex': { card: ZHANG, note: /header-stripped reply \(text and photo lengths first\) ending with the frame's checksum byte [0-9A-F]{2}, which checks out/ },
  'stripped-no-checksum.bin': { card: ZHANG, note: /header-stripped reply \(text and photo lengths first\) without the checksum byte: nothing to verify/ },
  'stripped-with-status.hex': { card: ZHANG, note: /header-stripped reply \(status 00 00 90 first\)/ },
  'no-preamble.bin': { card: ZHANG, note: /^raw bytes: a reply frame without its preamble \(length field first\), checksum checks out$/ },
  'bare-text.bin': { card: ZHANG, note: /^raw bytes: a bare 256-byte text block, no frame: no checksum to verify$/ },
  'bare-text-photo.bin': { card: LI, note: /^raw bytes: a bare 256-byte text block with the 1024-byte photo, no frame: no checksum to verify$/ },
  'frame.b64': { card: ZHANG, note: /^base64 text: a reply frame$/ },
  'bare-text.b64': { card: ZHANG, note: /^base64 text: a bare 256-byte text block/ },
  'serial-monitor.log': {
    card: ZHANG,
    note: /^hex pairs picked out of text \(\d+ other words skipped\): a reply frame; skipped 5 other frames \(command 20 01, reply 9F card found, command 20 02, reply 90 success, command 30 01\)$/,
  },
  'hexdump-C.txt': { card: LI, note: /^hex pairs picked out of text/ },
  'find-9f.hex': { error: /^status reply, not a card read: 9F card found$/ },
  'select-90-serial.hex': { error: /^status reply, not a card read: 90 success$/ },
  'sam-status-90.hex': { error: /^status reply, not a card read: 90 success$/ },
  'error-31-trailing-byte.hex': { error: /^status reply, not a card read: 31 card failed to authenticate the reader$/ },
  'error-32.hex': { error: /^status reply, not a card read: 32 reader failed to authenticate the card$/ },
  'error-47-data-byte.bin': { error: /^status reply, not a card read: 47 getting a random number failed$/ },
  'blank-zeros.bin': { error: /^blank card data/ },
  'blank-spaces.hex': { error: /^blank card data/ },
  'bare-blank.bin': { error: /^blank card data/ },
  'damaged-with-stray.bin': { error: /^checksum mismatch: computed [0-9A-F]{2}, frame says [0-9A-F]{2}$/ },
  'stripped-bad-checksum.hex': { error: /^checksum mismatch: the byte after the header-stripped reply is [0-9A-F]{2}, the frame's checksum would be [0-9A-F]{2}$/ },
};

const decode = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'idcard', 'decode', file], { cwd: ROOT, encoding: 'utf8' });

describe('captures from the field, in process', () => {
  it('every fixture file has its expectation (and every expectation its file)', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, want] of Object.entries(CASES)) {
    it(file, () => {
      const content = readFileSync(join(DIR, file));
      if ('error' in want) {
        let err: unknown;
        try {
          readCapture(content);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).kind).toBe('bad-input');
        expect((err as AppError).message).toMatch(want.error);
        return;
      }
      const { card, note } = readCapture(content);
      expect(card).toMatchObject(want.card);
      if (want.note === null) expect(note).toBeNull();
      else expect(note).toMatch(want.note);
    });
  }

  it('the live parser takes the A5 5A preamble and frames inside an outer wrapper, like the file decoder', () => {
    for (const file of ['outer-wrapper.bin', 'trailing-byte.bin']) {
      const events = new FrameParser().push(readFileSync(join(DIR, file)));
      expect(events.filter((e) => e.type === 'frame')).toHaveLength(1);
    }
    const a55a = Buffer.from(readFileSync(join(DIR, 'preamble-a55a.hex'), 'utf8').replace(/\s/g, ''), 'hex');
    const events = new FrameParser().push(a55a);
    expect(events).toEqual([expect.objectContaining({ type: 'frame', variant: 'A55A' })]);
  });
});

describe('captures from the field, through the CLI', () => {
  for (const [file, want] of Object.entries(CASES)) {
    it(file, () => {
      const r = decode(join(DIR, file));
      if ('error' in want) {
        expect(r.status, r.stderr).toBe(2);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]?.replace(/^error: /, '')).toMatch(want.error);
        expect(lines[0]).toMatch(/^error: /);
        expect(r.stdout).toBe('');
        return;
      }
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject(want.card);
      const notes = r.stderr.split('\n').filter(Boolean);
      if (want.note === null) expect(notes).toEqual([]);
      else {
        expect(notes).toHaveLength(1);
        expect(notes[0]).toMatch(/^note: /);
        expect(notes[0]?.replace(/^note: /, '')).toMatch(want.note);
      }
    });
  }
});
