// A card read kept or carried by another desk (`swipequeue reader forward`) is
// sealed to the kiosk server: X25519 with a fresh key per read, HKDF-SHA256,
// AES-256-GCM. The forwarder holds only the server's public key, so a read
// waiting on its disk while the server is away holds no ID number it could
// open again, and the LAN carries none in clear. The server's private key is
// derived from its ID-number key (`<db>.key`): no second secret to keep.
// The additional data binds a sealed read to its desk and idempotency key.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { badInput } from '../shared/errors.js';
import type { IdKey } from './id-hash.js';

/** What a sealed read holds: the two facts a check-in by card needs. */
export interface SealedCard {
  idNumber: string;
  name: string;
}

/** The server's public sealing key as the forwarder fetches it: raw X25519, base64url, and a short fingerprint. */
export interface SealKey {
  key: string;
  id: string;
}

const VERSION = 'v1';
const PKCS8_X25519 = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_X25519 = Buffer.from('302a300506032b656e032100', 'hex');

const rawPublic = (key: KeyObject): Buffer => key.export({ format: 'der', type: 'spki' }).subarray(SPKI_X25519.length);
const publicFromRaw = (raw: Buffer): KeyObject => createPublicKey({ key: Buffer.concat([SPKI_X25519, raw]), format: 'der', type: 'spki' });
const fingerprint = (raw: Buffer): string => createHash('sha256').update(raw).digest('hex').slice(0, 12);

/** The AES key of one read: HKDF over the shared secret, salted with both public keys. */
function readKey(shared: Buffer, ephemeral: Buffer, server: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', shared, Buffer.concat([ephemeral, server]), 'swipequeue desk read', 32));
}

/** `desk` and `key` as the additional data: a sealed read cannot be replayed under another desk or key. */
export const sealContext = (desk: string, key: string): string => `${desk}\n${key}`;

/** Seals a card read to the server's public key (the forwarder's side). */
export function sealCard(serverKey: string, context: string, card: SealedCard): string {
  const server = Buffer.from(serverKey, 'base64url');
  if (server.length !== 32) throw badInput('bad-seal', 'the server sealing key is not 32 bytes of X25519');
  const eph = generateKeyPairSync('x25519');
  const ephRaw = rawPublic(eph.publicKey);
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: publicFromRaw(server) });
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', readKey(shared, ephRaw, server), nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(card), 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([ephRaw, nonce, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export interface DeskSeal {
  publicKey: SealKey;
  /** Opens a read sealed to this server; bad-seal when it was sealed to another key, altered, or moved to another desk or key. */
  open(sealed: string, context: string): SealedCard;
}

/** The server's sealing key pair, derived from its ID-number key. */
export function deskSeal(idKey: IdKey): DeskSeal {
  const secret = Buffer.from(hkdfSync('sha256', idKey, Buffer.alloc(0), 'swipequeue desk seal v1', 32));
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_X25519, secret]), format: 'der', type: 'pkcs8' });
  const pub = rawPublic(createPublicKey(privateKey));
  const publicKey: SealKey = { key: pub.toString('base64url'), id: fingerprint(pub) };
  const refuse = (why: string) =>
    badInput('bad-seal', `this sealed card read cannot be opened here (${why}); it was sealed for another kiosk database or altered: check the student in by hand`);
  return {
    publicKey,
    open(sealed, context) {
      const [version, payload] = sealed.split('.');
      if (version !== VERSION || payload === undefined) throw refuse('unknown format');
      const bytes = Buffer.from(payload, 'base64url');
      if (bytes.length < 32 + 12 + 16 + 2) throw refuse('too short');
      const ephRaw = bytes.subarray(0, 32);
      const nonce = bytes.subarray(32, 44);
      const tag = bytes.subarray(44, 60);
      let text: string;
      try {
        const shared = diffieHellman({ privateKey, publicKey: publicFromRaw(ephRaw) });
        const decipher = createDecipheriv('aes-256-gcm', readKey(shared, ephRaw, pub), nonce);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        text = Buffer.concat([decipher.update(bytes.subarray(60)), decipher.final()]).toString('utf8');
      } catch {
        throw refuse('the seal does not match');
      }
      let card: Partial<SealedCard> | null = null;
      try {
        card = JSON.parse(text) as Partial<SealedCard> | null;
      } catch {
        // not JSON: refused below
      }
      if (typeof card?.idNumber !== 'string' || typeof card.name !== 'string') throw refuse('no card inside');
      return { idNumber: card.idNumber, name: card.name };
    },
  };
}
