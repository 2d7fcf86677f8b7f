// SW3 of a reply: what the SAM says, in plain words.
export const SW3 = {
  SUCCESS: 0x90,
  CARD_FOUND: 0x9f,
  NO_CONTENT: 0x91,
  NO_CARD: 0x80,
} as const;

const NAMES: Record<number, string> = {
  0x90: 'success',
  0x9f: 'card found',
  0x91: 'no content',
  0x80: 'no card found (or the card on the reader was already read)',
  0x81: 'select card failed',
  0x41: 'read card failed',
  0x10: 'checksum error in the command',
  0x11: 'length error in the command',
  0x21: 'unknown command',
  0x23: 'command not allowed now',
  0x24: 'no permission',
  0x31: 'card authentication failed',
  0x32: 'information authentication failed',
  0x33: 'SAM authentication failed',
  0x40: 'unrecognised card type',
  0x47: 'SAM busy',
  0x60: 'SAM self-check failed',
  0x66: 'SAM not authorised',
};

const hex = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** `status 80: no card found (…)` */
export function statusName(sw3: number): string {
  return `status ${hex(sw3)}: ${NAMES[sw3] ?? 'unknown status'}`;
}
