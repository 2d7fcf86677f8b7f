// A SAM reader, for tests and `swipequeue reader emulate`: answers find/select/read
// for the card lying on it, like a real one (a held card answers find with 80
// after its first read), and can misbehave on request.
import { encodeFrame, FrameParser } from '../frame.js';
import { SW3 } from '../status.js';

export interface EmulatorOptions {
  /** Split every reply into chunks of at most this many bytes, sent a few ms apart. */
  fragment?: number;
  /** Random bytes sent before every reply. */
  garbage?: number;
}

export class SamEmulator {
  private card: Uint8Array | null = null;
  private readSincePresent = false;
  private selected = false;
  private nextStatus: number | null = null;
  private readonly parser = new FrameParser();
  readonly options: EmulatorOptions;

  constructor(
    private readonly send: (bytes: Uint8Array) => Promise<void> | void,
    options: EmulatorOptions = {},
  ) {
    this.options = { ...options };
  }

  /** Puts a card (its 256-byte text block) on the reader. */
  present(textBlock: Uint8Array): void {
    this.card = textBlock;
    this.readSincePresent = false;
    this.selected = false;
  }

  lift(): void {
    this.card = null;
    this.selected = false;
  }

  /** The next read answers this SW3 instead of the card (e.g. 0x41 read failed). */
  failNextRead(sw3: number): void {
    this.nextStatus = sw3;
  }

  async receive(bytes: Uint8Array): Promise<void> {
    for (const e of this.parser.push(bytes)) {
      if (e.type === 'frame') await this.answer(e.payload);
      else await this.reply([0x10]); // checksum error in the command
    }
  }

  private async answer(cmd: Uint8Array): Promise<void> {
    const [c, p] = [cmd[0], cmd[1]];
    if (c === 0x20 && p === 0x01) {
      const found = this.card !== null && !this.readSincePresent;
      return this.reply([found ? SW3.CARD_FOUND : SW3.NO_CARD, 0, 0, 0, 0]);
    }
    if (c === 0x20 && p === 0x02) {
      this.selected = this.card !== null;
      return this.reply([this.selected ? SW3.SUCCESS : 0x81, 0, 0, 0, 0, 0, 0, 0, 0]);
    }
    if (c === 0x30 && (p === 0x01 || p === 0x10)) {
      if (this.nextStatus !== null) {
        const sw3 = this.nextStatus;
        this.nextStatus = null;
        return this.reply([sw3]);
      }
      if (!this.card || !this.selected) return this.reply([0x41]);
      this.readSincePresent = true;
      this.selected = false;
      const photo = new Uint8Array(1024).fill(0x5a);
      const lens = [this.card.length >> 8, this.card.length & 0xff, photo.length >> 8, photo.length & 0xff];
      return this.reply([SW3.SUCCESS, ...lens, ...this.card, ...photo]);
    }
    if (c === 0x11 || c === 0x10) return this.reply([SW3.SUCCESS]);
    return this.reply([0x21]); // unknown command
  }

  private async reply(statusAndData: number[]): Promise<void> {
    const frame = encodeFrame(Uint8Array.from([0, 0, ...statusAndData]));
    const noise = Uint8Array.from({ length: this.options.garbage ?? 0 }, () => Math.floor(Math.random() * 256) & 0x7f);
    const bytes = Uint8Array.from([...noise, ...frame]);
    const step = this.options.fragment ?? bytes.length;
    for (let i = 0; i < bytes.length; i += step) {
      await this.send(bytes.subarray(i, i + step));
      if (step < bytes.length) await new Promise((r) => setTimeout(r, 2));
    }
  }
}
