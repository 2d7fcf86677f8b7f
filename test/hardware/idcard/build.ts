// Hand-built text blocks and frames, the way a reader sends them.
import { encodeFrame } from '../../../src/hardware/idcard/frame.js';

/** Writes `text` as UCS-2 LE at `offset`, space-padded to `bytes`. */
function put(block: Buffer, offset: number, bytes: number, text: string) {
  const enc = Buffer.from(text.padEnd(bytes / 2, ' '), 'utf16le');
  if (enc.length > bytes) throw new Error(`"${text}" does not fit in ${bytes} bytes`);
  enc.copy(block, offset);
}

export interface ResidentFields {
  name: string;
  gender?: string;
  nation?: string;
  birth?: string;
  address?: string;
  id: string;
  issuer?: string;
  from?: string;
  until?: string;
}

export function residentBlock(f: ResidentFields, type = ' ', extra: (b: Buffer) => void = () => {}): Buffer {
  const b = Buffer.alloc(256);
  put(b, 0, 256, '');
  put(b, 0, 30, f.name);
  put(b, 30, 2, f.gender ?? '1');
  put(b, 32, 4, f.nation ?? '01');
  put(b, 36, 16, f.birth ?? '19990131');
  put(b, 52, 70, f.address ?? '浙江省杭州市西湖区文三路1号');
  put(b, 122, 36, f.id);
  put(b, 158, 30, f.issuer ?? '杭州市公安局西湖分局');
  put(b, 188, 16, f.from ?? '20150301');
  put(b, 204, 16, f.until ?? '20250301');
  extra(b);
  put(b, 248, 2, type);
  return b;
}

export function gatBlock(f: ResidentFields & { pass: string; count: string }): Buffer {
  return residentBlock({ ...f, nation: '' }, 'J', (b) => {
    put(b, 220, 18, f.pass);
    put(b, 238, 4, f.count);
  });
}

export function foreignBlock(f: { english: string; gender: string; permit: string; nationality: string; chinese: string; from: string; until: string; birth: string }): Buffer {
  const b = Buffer.alloc(256);
  put(b, 0, 256, '');
  put(b, 0, 120, f.english);
  put(b, 120, 2, f.gender);
  put(b, 122, 30, f.permit);
  put(b, 152, 6, f.nationality);
  put(b, 158, 30, f.chinese);
  put(b, 188, 16, f.from);
  put(b, 204, 16, f.until);
  put(b, 220, 16, f.birth);
  put(b, 236, 4, '01');
  put(b, 240, 8, '1500');
  put(b, 248, 2, 'I');
  return b;
}

/** A "read text + photo" reply: 00 00 SW3, text and photo lengths, text, a 1024-byte photo. */
export function readReply(text: Buffer, sw3 = 0x90, photo = Buffer.alloc(1024, 0x5a)): Uint8Array {
  const lens = Buffer.from([text.length >> 8, text.length & 0xff, photo.length >> 8, photo.length & 0xff]);
  return encodeFrame(Buffer.concat([Buffer.from([0, 0, sw3]), lens, text, photo]));
}

/** A reply carrying only a status (find/select answers, errors). */
export const statusReply = (sw3: number, data: number[] = []) => encodeFrame(Uint8Array.from([0, 0, sw3, ...data]));

/** The 2023 foreigner permanent residence card ('Y'), hand-laid from the driver header's field table. */
export function foreign2023Block(f: { chinese: string; gender: string; renewals: string; birth: string; english: string; id: string; from: string; until: string; nationality: string }): Buffer {
  const b = Buffer.alloc(256);
  put(b, 0, 256, '');
  put(b, 0, 30, f.chinese);
  put(b, 30, 2, f.gender);
  put(b, 32, 4, f.renewals);
  put(b, 36, 16, f.birth);
  put(b, 52, 70, f.english.slice(0, 35));
  put(b, 122, 36, f.id);
  put(b, 188, 16, f.from);
  put(b, 204, 16, f.until);
  put(b, 220, 22, f.english.slice(35));
  put(b, 242, 6, f.nationality);
  put(b, 248, 2, 'Y');
  return b;
}
