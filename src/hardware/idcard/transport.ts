// The one small interface every reader link implements (serial, HID, emulator pipes).
export interface ReaderTransport {
  /** Resolves once the link is usable; rejects in plain words when it is not there. */
  open(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  onData(listener: (bytes: Uint8Array) => void): void;
  /** The link went away (unplugged, port closed); `error` says why when known. */
  onClose(listener: (error?: Error) => void): void;
  close(): Promise<void>;
  /** For status messages: `serial:/dev/ttyUSB0?baud=115200`. */
  readonly target: string;
}
