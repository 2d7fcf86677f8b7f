// The display's call queue: calls never cut each other off, each is repeated,
// a failing speaker does not stop the calls after it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpeechQueue, callText, clipNames, spokenText, utteranceDeadlineMs, type Speaker } from '../../src/renderer/lib/speech-queue.js';

/** A speaker that records start/end of each utterance and finishes only when told. */
function manualSpeaker() {
  const log: string[] = [];
  const finishers: (() => void)[] = [];
  const speaker: Speaker = {
    speak(text) {
      log.push(`start ${text}`);
      return new Promise<void>((resolve) =>
        finishers.push(() => {
          log.push(`end ${text}`);
          resolve();
        }),
      );
    },
  };
  const finishOne = async () => {
    finishers.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { speaker, log, finishOne, pending: () => finishers.length };
}

describe('SpeechQueue', () => {
  it('says a second call only after the first has finished, each the given number of times', async () => {
    const s = manualSpeaker();
    const q = new SpeechQueue(s.speaker);
    q.enqueue(callText('0001A', '7-115'), 2);
    q.enqueue(callText('0001B', '7-119'), 2);
    expect(s.log).toEqual(['start 请 0001A 号到 7-115 拍照']);
    expect(q.size).toBe(4);
    for (let i = 0; i < 4; i++) await s.finishOne();
    expect(s.log).toEqual([
      'start 请 0001A 号到 7-115 拍照',
      'end 请 0001A 号到 7-115 拍照',
      'start 请 0001A 号到 7-115 拍照',
      'end 请 0001A 号到 7-115 拍照',
      'start 请 0001B 号到 7-119 拍照',
      'end 请 0001B 号到 7-119 拍照',
      'start 请 0001B 号到 7-119 拍照',
      'end 请 0001B 号到 7-119 拍照',
    ]);
    expect(q.size).toBe(0);
    expect(q.spoken).toHaveLength(4);
  });

  it('keeps going after an utterance fails', async () => {
    const said: string[] = [];
    const q = new SpeechQueue({
      async speak(text) {
        if (text.includes('0001A')) throw new Error('no audio device');
        said.push(text);
      },
    });
    q.enqueue(callText('0001A', '7-115'));
    q.enqueue(callText('0002A', '7-115'));
    await new Promise((r) => setTimeout(r, 10));
    expect(said).toEqual(['请 0002A 号到 7-115 拍照']);
  });

  it('clamps repeats to 1..5 and stops on stop()', async () => {
    const s = manualSpeaker();
    const q = new SpeechQueue(s.speaker);
    q.enqueue('a', 0);
    q.enqueue('b', 99);
    expect(q.size).toBe(6);
    q.stop();
    await s.finishOne();
    q.enqueue('c', 1);
    expect(q.size).toBe(0);
    expect(s.log).toEqual(['start a', 'end a']);
  });
});

describe('an utterance whose end never comes (Web Speech onend lost)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is cancelled at its deadline and the next call is said', async () => {
    vi.useFakeTimers();
    const started: string[] = [];
    let cancelled = 0;
    const q = new SpeechQueue({
      speak(text) {
        started.push(text);
        // The first never ends; the second ends at once.
        return text.includes('0001A') ? new Promise<void>(() => {}) : Promise.resolve();
      },
      cancel: () => void cancelled++,
    });
    const first = callText('0001A', '7-115');
    q.enqueue(first);
    q.enqueue(callText('0002A', '7-115'));
    await vi.advanceTimersByTimeAsync(utteranceDeadlineMs(first) - 1);
    expect(started).toEqual([first]);
    expect(cancelled).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual([first, '请 0002A 号到 7-115 拍照']);
    expect(cancelled).toBe(1);
    expect(q.spoken).toEqual(['请 0002A 号到 7-115 拍照']);
    expect(q.size).toBe(0);
  });

  it('gives longer sentences more time', () => {
    expect(utteranceDeadlineMs('请 0001A 号到 7-115 拍照')).toBeGreaterThanOrEqual(10_000);
    expect(utteranceDeadlineMs('请 0001A 号到 艺术与设计学院大楼 302 拍照')).toBeGreaterThan(utteranceDeadlineMs('请 0001A 号到 7-115 拍照'));
  });
});

describe('what is said', () => {
  it('spells the ticket and room digit by digit for a speech engine', () => {
    expect(spokenText(callText('0012A', '7-115'))).toBe('请 零零一二 A 号，到 七杠一一五 拍照');
    expect(spokenText('其他公告')).toBe('其他公告');
  });

  it('names the recorded clips in order', () => {
    expect(clipNames(callText('0012A', '7-115'))).toEqual(['qing', 'd0', 'd0', 'd1', 'd2', 'A', 'haodao', 'd7', 'dash', 'd1', 'd1', 'd5', 'paizhao']);
    // A room named in Chinese has no clips: only its digits are said.
    expect(clipNames(callText('0003B', '图书馆201'))).toEqual(['qing', 'd0', 'd0', 'd0', 'd3', 'B', 'haodao', 'd2', 'd0', 'd1', 'paizhao']);
  });
});
