// The one interface core sees of a ticket printer, whatever the target.

export type PrinterState = 'ok' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'none';
export interface PrinterStatus {
  state: PrinterState;
  /** Plain words, Chinese first: "打印机缺纸" */
  message: string;
  target: string;
}

/** Everything printed on a ticket; the document layout lives in printer/ticket-document.ts. */
export interface TicketPrintJob {
  eventName: string;
  ticket: string;
  station: string;
  room: string;
  college: string;
  /** Full name; the document masks it (张*三). */
  name: string;
  checkedInAt: Date;
  /** Waiting tickets ahead at the moment of check-in. */
  ahead: number;
  paperWidth: 58 | 80;
  /** What the QR code says; default: the ticket number and the event name. */
  qr?: string;
}

export interface TicketPrinter {
  /** Resolves when the bytes are handed to the printer; rejects with a plain-words Error otherwise. */
  print(job: TicketPrintJob): Promise<void>;
  /** Queries the printer where the link is two-way (tcp, serial); file/none report what they can. */
  status(): Promise<PrinterStatus>;
  close(): Promise<void>;
}
