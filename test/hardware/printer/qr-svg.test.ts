// The admin page's QR codes, read back: the SVG's squares drawn into pixels
// and decoded by jsQR, as a tablet's camera would.
import jsQRModule from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../src/hardware/printer/qr-svg.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = (jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr);

/** Rasterises the SVG (a white square of `size` units, black `Mx,yh1v1h-1z` modules) at `scale` pixels per unit. */
function decode(svg: string, scale = 6): string | undefined {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255);
  for (const m of svg.matchAll(/M(\d+),(\d+)h1v1h-1z/g)) {
    const [x, y] = [Number(m[1]), Number(m[2])];
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const i = ((y * scale + dy) * px + (x * scale + dx)) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
    }
  }
  return jsQR(rgba, px, px)?.data;
}

describe('station address QR codes', () => {
  it('decode back to the address, tokens and hash included', () => {
    for (const url of [
      'http://192.168.1.20:8740/?token=Ab-_0123456789abcdefgh#/caller/A',
      'http://10.0.0.5:8740/?token=roles-test-secret-0123456789#/display',
      'http://127.0.0.1:8740/#/desk',
    ]) {
      const svg = qrSvg(url);
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 \d+ \d+"/);
      // Nothing remote, nothing scripted: it is shown as an image under the page's CSP.
      expect(svg).not.toMatch(/<script|href=|url\(/);
      expect(decode(svg)).toBe(url);
    }
  });
});
