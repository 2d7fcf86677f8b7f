// The one interface core sees of an ID card reader, whatever the target.
import type { IdCard } from './idcard/card.js';

export type ReaderState = 'ok' | 'disconnected' | 'error' | 'none';
export interface ReaderStatus {
  state: ReaderState;
  /** Plain words, Chinese first, for the volunteer: "读卡器已断开，正在重连…" */
  message: string;
  target: string;
}

export interface CardReader {
  /** Called once per card presented (a card left on the reader is one event). */
  onCard(listener: (card: IdCard, readAt: Date) => void): () => void;
  onStatus(listener: (status: ReaderStatus) => void): () => void;
  status(): ReaderStatus;
  close(): Promise<void>;
}
