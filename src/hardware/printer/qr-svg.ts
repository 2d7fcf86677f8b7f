// A QR code as a small SVG for a screen (the admin page shows each station's
// address as one, to open the tablet and the TV with their cameras): the same
// QR generator that draws the ticket's code (receiptline), no other library.
import receiptline from 'receiptline';

/** The modules of `text`'s QR code, dark = 1, error correction M. */
export function qrModules(text: string): Uint8Array[] {
  return receiptline.qrcode.generate({ data: text, type: 'qrcode', cell: 1, level: 'm' });
}

/** An SVG of `text`'s QR code: one unit per module, a four-module quiet zone, black on white. */
export function qrSvg(text: string): string {
  const rows = qrModules(text);
  const n = rows.length;
  const size = n + 8;
  let path = '';
  rows.forEach((row, y) => row.forEach((dark, x) => (path += dark === 1 ? `M${x + 4},${y + 4}h1v1h-1z` : '')));
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
