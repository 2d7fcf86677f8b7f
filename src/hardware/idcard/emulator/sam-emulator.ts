// A SAM reader, for tests and `swipequeue reader emulate`: answers find/select/read
// for the card lying on it, like a real one (a held card answers find with 80
// after its first read), and can misbehave on request: fragmented replies,
// garbage, error statuses, silence.
import type { IdCard } from '../card.js';
import { encodeFrame, FrameParser } from '../frame.js';
import { SW3 } from '../status.js';
import { textBlockOf } from '../text-block.js';

export interface EmulatorOptions {
  /** Split every reply into chunks of at most this many bytes, sent a few ms apart. */
  fragment?: number;
  /** Random bytes sent before every reply. */
  garbage?: number;
  /** Answer every find/select/read with this status instead (e.g. `{ read: 0x41 }`). */
  statuses?: Partial<Record<EmulatedCommand, number>>;
}

export type EmulatedCommand = 'find' | 'select' | 'read';

/** A card as the emulator takes it: decoded fields, or a hand-built 256-byte text block. */
export type EmulatedCard = IdCard | Uint8Array;

export const toTextBlock = (card: EmulatedCard): Uint8Array => (card instanceof Uint8Array ? card : textBlockOf(card));

export class SamEmulator {
  private card: Uint8Array | null = null;
  private readSincePresent = false;
  private selected = false;
  private readonly failNext = new Map<EmulatedCommand, number>();
  private silentFor = 0;
  private readonly parser = new FrameParser();
  readonly options: EmulatorOptions;
  /** Commands received, by name, for tests that check the poller's manners. */
  readonly received: string[] = [];
  /** Commands that arrived while a reply was still going out (a host must wait for the answer). */
  overlaps = 0;
  private replying = false;

  constructor(
    private readonly send: (bytes: Uint8Array) => Promise<void> | void,
    options: EmulatorOptions = {},
  ) {
    this.options = { ...options, statuses: { ...options.statuses } };
  }

  /** Puts a card on the reader (replacing any card lying there). */
  present(card: EmulatedCard): void {
    this.card = toTextBlock(card);
    this.readSincePresent = false;
    this.selected = false;
  }

  lift(): void {
    this.card = null;
    this.selected = false;
  }

  get hasCard(): boolean {
    return this.card !== null;
  }

  /** The next `command` answers this SW3 instead (e.g. `failNext('read', 0x41)`). */
  failNextCommand(command: EmulatedCommand, sw3: number): void {
    this.failNext.set(command, sw3);
  }

  /** The next read answers this SW3 instead of the card. */
  failNextRead(sw3: number): void {
    this.failNextCommand('read', sw3);
  }

  /** Ignores the next `count` commands, as a SAM that hangs does (the host must time out). */
  ignoreNext(count: number): void {
    this.silentFor = count;
  }

  /** Sends raw bytes unasked (line noise). */
  async inject(bytes: Uint8Array): Promise<void> {
    await this.send(bytes);
  }

  async receive(bytes: Uint8Array): Promise<void> {
    for (const e of this.parser.push(bytes)) {
      if (this.silentFor > 0) {
        this.silentFor--;
        continue;
      }
      if (this.replying) this.overlaps++;
      if (e.type === 'frame') await this.answer(e.payload);
      else await this.reply([0x10]); // checksum error in the command
    }
  }

  private override(command: EmulatedCommand): number | undefined {
    const once = this.failNext.get(command);
    if (once !== undefined) {
      this.failNext.delete(command);
      return once;
    }
    return this.options.statuses?.[command];
  }

  private async answer(cmd: Uint8Array): Promise<void> {
    const [c, p] = [cmd[0], cmd[1]];
    if (c === 0x20 && p === 0x01) {
      this.received.push('find');
      const forced = this.override('find');
      if (forced !== undefined) return this.reply([forced]);
      const found = this.card !== null && !this.readSincePresent;
      return this.reply([found ? SW3.CARD_FOUND : SW3.NO_CARD, 0, 0, 0, 0]);
    }
    if (c === 0x20 && p === 0x02) {
      this.received.push('select');
      const forced = this.override('select');
      if (forced !== undefined) return this.reply([forced]);
      this.selected = this.card !== null;
      return this.reply([this.selected ? SW3.SUCCESS : SW3.SELECT_FAILED, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
    if (c === 0x30 && (p === 0x01 || p === 0x10)) {
      this.received.push('read');
      const forced = this.override('read');
      if (forced !== undefined) return this.reply([forced]);
      if (!this.card || !this.selected) return this.reply([SW3.READ_FAILED]);
      this.readSincePresent = true;
      this.selected = false;
      const photo = new Uint8Array(1024).fill(0x5a);
      const lens = [this.card.length >> 8, this.card.length & 0xff, photo.length >> 8, photo.length & 0xff];
      const fingerprint = p === 0x10 ? [0, 0] : []; // "+ fingerprint": a third, empty length
      return this.reply([SW3.SUCCESS, ...lens, ...fingerprint, ...this.card, ...photo]);
    }
    if (c === 0x30 && p === 0x03) return this.reply([SW3.NO_CONTENT]); // no extra address
    if (c === 0x11 || c === 0x10 || c === 0x12) return this.reply([SW3.SUCCESS]);
    return this.reply([0x21]); // unknown command
  }

  private async reply(statusAndData: number[]): Promise<void> {
    const frame = encodeFrame(Uint8Array.from([0, 0, ...statusAndData]));
    const noise = Uint8Array.from({ length: this.options.garbage ?? 0 }, () => Math.floor(Math.random() * 256) & 0x7f);
    const bytes = Uint8Array.from([...noise, ...frame]);
    const step = this.options.fragment ?? bytes.length;
    this.replying = true;
    try {
      for (let i = 0; i < bytes.length; i += step) {
        await this.send(bytes.subarray(i, i + step));
        if (step < bytes.length) await new Promise((r) => setTimeout(r, 2));
      }
    } finally {
      this.replying = false;
    }
  }
}
