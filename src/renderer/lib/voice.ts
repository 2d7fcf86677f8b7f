// The two ways the display speaks: Web Speech with a zh-CN voice, else the
// recorded clips shipped in assets/sounds (one per digit, letter and word).
import { clipNames, spokenText, type Speaker } from './speech-queue.js';

const clipUrls = import.meta.glob('../../../assets/sounds/*.wav', { eager: true, query: '?url', import: 'default' }) as Record<string, string>;

function clipUrl(name: string): string | undefined {
  for (const [path, url] of Object.entries(clipUrls)) if (path.endsWith(`/${name}.wav`)) return url;
  return undefined;
}

export function hasClips(): boolean {
  return Object.keys(clipUrls).length > 0;
}

function zhVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  return speechSynthesis.getVoices().find((v) => /^(zh|cmn)([-_](CN|Hans))?/i.test(v.lang)) ?? null;
}

const webSpeech = (text: string, voice: SpeechSynthesisVoice): Promise<void> =>
  new Promise<void>((resolve) => {
    const u = new SpeechSynthesisUtterance(spokenText(text));
    u.voice = voice;
    u.lang = 'zh-CN';
    u.rate = 0.9;
    u.onend = () => resolve();
    u.onerror = () => resolve();
    speechSynthesis.speak(u);
  });

let playing: HTMLAudioElement | null = null;
let generation = 0;
const playClip = (url: string): Promise<void> =>
  new Promise<void>((resolve) => {
    const a = new Audio(url);
    playing = a;
    a.onended = () => resolve();
    a.onerror = () => resolve();
    a.play().catch(() => resolve());
  });

/** Picked at speak time: Chromium loads its voices asynchronously. */
export const bestSpeaker: Speaker = {
  async speak(text: string): Promise<void> {
    const voice = zhVoice();
    if (voice) return webSpeech(text, voice);
    const mine = ++generation;
    for (const name of clipNames(text)) {
      if (generation !== mine) return; // cancelled
      const url = clipUrl(name);
      if (url) await playClip(url);
    }
  },
  // The queue gave up on an utterance (src/renderer/lib/speech-queue.ts): stop it so the next is heard.
  cancel(): void {
    generation++;
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel();
    playing?.pause();
    playing = null;
  },
};
