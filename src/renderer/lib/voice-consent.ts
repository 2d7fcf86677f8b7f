// Browsers keep a page silent until someone clicks or presses a key on it. The
// display asks once, with one large button; the answer is remembered for the
// browser session (sessionStorage), and a page that may already play sound (the
// desktop app's display window allows autoplay, src/main/windows.ts; a reload
// after the click) skips the question. Whether sound may play is tried with a
// silent clip, never assumed.

const KEY = 'swipequeue.voice';

export function voiceRemembered(storage: Pick<Storage, 'getItem'> | null): boolean {
  try {
    return storage?.getItem(KEY) === 'on';
  } catch {
    return false;
  }
}

export function rememberVoice(storage: Pick<Storage, 'setItem'> | null): void {
  try {
    storage?.setItem(KEY, 'on');
  } catch {
    // private mode: asked again next time
  }
}

/** A 0.05 s silent 8 kHz mono WAV, as a data: URL (the CSP allows data: media). */
export function silentWav(): string {
  const samples = 400;
  const bytes = new Uint8Array(44 + samples);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, samples, true);
  bytes.fill(128, 44); // 8-bit silence
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return `data:audio/wav;base64,${btoa(binary)}`;
}

/** True when this page may play sound now (autoplay allowed, or the page was already clicked). */
export async function soundAllowed(): Promise<boolean> {
  if (typeof Audio === 'undefined') return false;
  try {
    const probe = new Audio(silentWav());
    probe.volume = 0.01; // not muted: a muted clip is always allowed and would prove nothing
    await probe.play();
    probe.pause();
    return true;
  } catch {
    return false;
  }
}
