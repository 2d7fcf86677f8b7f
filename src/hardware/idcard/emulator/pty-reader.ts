// The emulator on the far end of a real virtual serial pair made by socat, at a
// stable path (a symlink), so a reader can be "unplugged" (socat killed) and
// "plugged back" at the same path. Other areas' tests use it too:
//
//   const reader = await startEmulatedReader([card1, card2], { fragment: 37 });
//   openReader(reader.target); reader.present(card1); reader.lift(); await reader.unplug(); …
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { SamEmulator, type EmulatedCard, type EmulatorOptions } from './sam-emulator.js';

/** One step of a timeline: wait `afterMs`, then put a card on the reader (an index into the card list, or a card), or lift it. */
export type TimelineStep = { afterMs: number } & ({ present: number | EmulatedCard } | { lift: true });

export interface EmulatedReaderOptions extends EmulatorOptions {
  /** Played from the start; with `loop`, again and again until close. */
  timeline?: TimelineStep[];
  loop?: boolean;
}

export interface EmulatedReader {
  /** The host end of the pty pair (a symlink that survives unplug/replug). */
  path: string;
  /** `serial:<path>?baud=115200`, for openReader and `--reader`. */
  target: string;
  emulator: SamEmulator;
  cards: EmulatedCard[];
  /** A card (or an index into `cards`) goes onto the reader. */
  present(card: EmulatedCard | number): void;
  lift(): void;
  /** Raw bytes to the host, unasked (line noise). */
  inject(bytes: Uint8Array): Promise<void>;
  /** Kills socat: the host's port vanishes. */
  unplug(): Promise<void>;
  /** A new socat at the same path. */
  replug(): Promise<void>;
  close(): Promise<void>;
}

/** Presents each card for `holdMs`, then lifts it for `gapMs`; loop it for a demo. */
export function cycleTimeline(count: number, holdMs: number, gapMs: number): TimelineStep[] {
  return Array.from({ length: count }, (_, i): TimelineStep[] => [
    { afterMs: gapMs, present: i },
    { afterMs: holdMs, lift: true },
  ]).flat();
}

function startSocat(readerLink: string, hostLink: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${hostLink}`, `pty,raw,echo=0,link=${readerLink}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let ptys = 0;
    child.on('error', (e) => reject(new Error(`cannot start socat (apt-get install socat): ${e.message}`)));
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      ptys = (err.match(/PTY is /g) ?? []).length;
      if (ptys >= 2 && /starting data transfer loop/.test(err)) resolve(child);
    });
    child.on('exit', (code) => ptys < 2 && reject(new Error(`socat exited ${code}: ${err.trim()}`)));
  });
}

export async function startEmulatedReader(cardsOrOptions: EmulatedCard[] | EmulatedReaderOptions = [], maybeOptions: EmulatedReaderOptions = {}): Promise<EmulatedReader> {
  const cards = Array.isArray(cardsOrOptions) ? cardsOrOptions : [];
  const options = Array.isArray(cardsOrOptions) ? maybeOptions : cardsOrOptions;
  const dir = mkdtempSync(join(tmpdir(), 'sq-reader-'));
  const hostLink = join(dir, 'ttyREADER');
  const readerLink = join(dir, 'ttySAM');
  let socat: ChildProcess | undefined;
  let port: SerialPort | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  const emulator = new SamEmulator(
    (bytes) =>
      new Promise<void>((resolve) => {
        if (!port?.isOpen) return resolve(); // unplugged: the bytes go nowhere
        port.write(Buffer.from(bytes), () => resolve());
      }),
    options,
  );
  const present = (card: EmulatedCard | number) => {
    const c = typeof card === 'number' ? cards[card] : card;
    if (c === undefined) throw new Error(`no card ${String(card)}: the emulator holds ${cards.length}`);
    emulator.present(c);
  };

  const plug = async () => {
    socat = await startSocat(readerLink, hostLink);
    port = await new Promise<SerialPort>((resolve, reject) => {
      const p = new SerialPort({ path: readerLink, baudRate: 115200, autoOpen: false });
      p.open((e) => (e ? reject(e) : resolve(p)));
    });
    port.on('data', (d: Buffer) => void emulator.receive(d));
    port.on('error', () => {});
  };
  const unplug = async () => {
    const p = port;
    port = undefined;
    if (p?.isOpen) await new Promise<void>((r) => p.close(() => r()));
    const s = socat;
    socat = undefined;
    if (s && s.exitCode === null) {
      await new Promise<void>((r) => {
        s.once('exit', () => r());
        s.kill('SIGKILL');
      });
    }
  };

  const play = (steps: TimelineStep[], i = 0) => {
    const step = steps[i];
    if (closed || !step) {
      if (!closed && options.loop && steps.length > 0) play(steps, 0);
      return;
    }
    timer = setTimeout(() => {
      if ('lift' in step) emulator.lift();
      else present(step.present);
      play(steps, i + 1);
    }, step.afterMs);
  };

  await plug();
  if (options.timeline) play(options.timeline);
  return {
    path: hostLink,
    target: `serial:${hostLink}?baud=115200`,
    emulator,
    cards,
    present,
    lift: () => emulator.lift(),
    inject: (bytes) => emulator.inject(bytes),
    unplug,
    replug: plug,
    async close() {
      closed = true;
      clearTimeout(timer);
      await unplug();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
