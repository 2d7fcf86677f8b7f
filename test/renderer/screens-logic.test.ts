// Small pure pieces of the screens: hash routes, the arrivals chart, the caller's
// one step, the desk verdict's tone, the display's voice consent.
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/renderer/lib/route.js';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ArrivalsChart, fillBuckets, stationLabels } from '../../src/renderer/components/ArrivalsChart.js';
import '../../src/renderer/i18n/index.js';
import { callerState, type CallerRow } from '../../src/renderer/lib/caller-state.js';
import { attentionOf, checkedInTone, clockTime, printState } from '../../src/renderer/lib/desk-verdict.js';
import { rememberVoice, silentWav, voiceRemembered } from '../../src/renderer/lib/voice-consent.js';

describe('hash routes', () => {
  it('names each screen, the caller with its station letter', () => {
    expect(parseRoute('#/desk')).toEqual({ screen: 'desk', desk: null });
    expect(parseRoute(`#/desk/${encodeURIComponent('东门')}`)).toEqual({ screen: 'desk', desk: '东门' });
    expect(parseRoute('#/desk/east-2')).toEqual({ screen: 'desk', desk: 'east-2' });
    // not a desk name: the page is the server's own desk
    expect(parseRoute('#/desk/%E4%B8%9C%20%E9%97%A8')).toEqual({ screen: 'desk', desk: null });
    expect(parseRoute('#/desk/%E4%B8')).toEqual({ screen: 'desk', desk: null });
    expect(parseRoute('#/caller/b')).toEqual({ screen: 'caller', station: 'B' });
    expect(parseRoute('#/caller')).toEqual({ screen: 'caller', station: 'A' });
    expect(parseRoute('#/display')).toEqual({ screen: 'display' });
    expect(parseRoute('#/admin')).toEqual({ screen: 'admin' });
    // a ticket's page for a phone: the path the QR holds, or the hash
    expect(parseRoute('', '/t/q3X9vK2mW8pL5nR7')).toEqual({ screen: 'ticket', code: 'q3X9vK2mW8pL5nR7' });
    expect(parseRoute('#/desk', '/t/q3X9vK2mW8pL5nR7/')).toEqual({ screen: 'ticket', code: 'q3X9vK2mW8pL5nR7' });
    expect(parseRoute('#/t/0123abcd')).toEqual({ screen: 'ticket', code: '0123abcd' });
    expect(parseRoute('', '/t/../admin')).toEqual({ screen: 'home' });
  });
  it('falls back to home for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ screen: 'home' });
    expect(parseRoute('#/')).toEqual({ screen: 'home' });
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'home' });
  });
});

describe('arrivals chart time axis', () => {
  it('fills quiet quarters between the first and last arrival', () => {
    const got = fillBuckets(['2020-12-21T01:00:00.000Z', '2020-12-21T01:45:00.000Z']);
    expect(got).toEqual(['2020-12-21T01:00:00.000Z', '2020-12-21T01:15:00.000Z', '2020-12-21T01:30:00.000Z', '2020-12-21T01:45:00.000Z']);
  });
  it('keeps the server’s own bucket strings and leaves odd input alone', () => {
    expect(fillBuckets(['2020-12-21T09:00:00+08:00'])).toEqual(['2020-12-21T09:00:00+08:00']);
    expect(fillBuckets([])).toEqual([]);
    expect(fillBuckets(['not a time', 'also not'])).toEqual(['not a time', 'also not']);
  });
});

describe('arrivals chart', () => {
  const stations = [
    { code: 'A', room: '7-115' },
    { code: 'B', room: '7-119' },
  ];
  const arrivals = [
    { bucket: '2020-12-21T01:00:00.000Z', station: 'A', count: 3 },
    { bucket: '2020-12-21T01:00:00.000Z', station: 'B', count: 17 },
    { bucket: '2020-12-21T01:15:00.000Z', station: 'B', count: 9 },
  ];

  it('names the rooms in the legend, with the letter only when two stations share a room', () => {
    expect([...stationLabels(stations, ['A', 'B'])]).toEqual([
      ['A', '7-115'],
      ['B', '7-119'],
    ]);
    const twoDesks = [...stations, { code: 'C', room: '7-115' }];
    expect([...stationLabels(twoDesks, ['A', 'B', 'C', 'D'])]).toEqual([
      ['A', '7-115（A）'],
      ['B', '7-119'],
      ['C', '7-115（C）'],
      ['D', 'D'],
    ]);
  });

  it('draws the legend as room names and keeps every label inside the picture', () => {
    const html = renderToStaticMarkup(createElement(ArrivalsChart, { arrivals, stations }));
    const legend = /<ul class="chart-legend"[^>]*>(.*?)<\/ul>/.exec(html)?.[1] ?? '';
    expect(legend.replace(/<[^>]+>/g, '|').split('|').filter(Boolean)).toEqual(['7-115', '7-119']);
    expect(html).toContain('aria-label="每 15 分钟到场人数"');
    // the tallest bar's number sits above it, and no text starts above the top edge of the picture
    expect(html).toMatch(/<text[^>]*>17<\/text>/);
    for (const m of html.matchAll(/<text[^>]*\by="([\d.-]+)"[^>]*font-size="(\d+)"/g)) {
      expect(Number(m[1]) - Number(m[2]), m[0]).toBeGreaterThanOrEqual(0);
    }
    const viewBox = /class="chart" viewBox="0 0 (\d+) (\d+)"/.exec(html);
    expect(viewBox).not.toBeNull();
    for (const m of html.matchAll(/<text[^>]*\by="([\d.-]+)"/g)) expect(Number(m[1])).toBeLessThanOrEqual(Number(viewBox?.[2]));
  });
});

describe('the caller offers the step that fits', () => {
  const row = (ticket: string, status: CallerRow['status']): CallerRow => ({ ticket, status, studentId: ticket, name: '某', college: '理学院', checkedInAt: '2020-12-21T01:00:00.000Z' });

  it('with nobody in front of the camera: 下一位 is the one step', () => {
    const s = callerState([row('0001A', 'photographed'), row('0002A', 'waiting'), row('0003A', 'no-show')]);
    expect(s.current).toBeNull();
    expect(s.primary).toBe('next');
    expect(s.enabled).toEqual({ next: true, repeat: false, noShow: false, photographed: false });
    expect(s.noShows.map((r) => r.ticket)).toEqual(['0003A']);
  });

  it('while someone is photographed: 拍摄完成 is the step and 下一位 is off (core would refuse it)', () => {
    const s = callerState([row('0001A', 'called'), row('0002A', 'waiting')]);
    expect(s.current?.ticket).toBe('0001A');
    expect(s.primary).toBe('photographed');
    expect(s.enabled).toEqual({ next: false, repeat: true, noShow: true, photographed: true });
  });

  it('with nobody waiting there is nothing to press; while an action runs everything waits', () => {
    expect(callerState([]).primary).toBeNull();
    expect(callerState([]).enabled.next).toBe(false);
    expect(Object.values(callerState([row('0001A', 'called')], true).enabled).some(Boolean)).toBe(false);
  });
});

describe('the desk verdict in one tone', () => {
  const fine = { outsideSlot: false, walkIn: false };

  it('the paper is on its way until the print queue reports: nothing needs attention yet', () => {
    expect(printState({ print: 'queued' }, undefined)).toBe('queued');
    expect(attentionOf(fine, 'queued')).toEqual([]);
    expect(attentionOf(fine, 'printed')).toEqual([]);
  });

  it('without a printer on purpose the plate is a normal step, not an error', () => {
    expect(printState({ print: 'none' }, undefined)).toBe('plate');
    expect(attentionOf(fine, 'plate')).toEqual([]);
    expect(checkedInTone(attentionOf(fine, 'plate'))).toBe('ok');
  });

  it('a printer that did not print, a card failing its check digit, a walk-in or outside the slot needs attention', () => {
    expect(printState({ print: 'queued' }, { printed: false, message: '打印机缺纸' })).toBe('failed');
    expect(printState({ print: 'queued' }, { printed: true, message: '已打印' })).toBe('printed');
    expect(attentionOf({ outsideSlot: true, walkIn: true }, 'failed', false)).toEqual(['outsideSlot', 'walkIn', 'idInvalidCard', 'printFailed']);
    expect(checkedInTone(['outsideSlot'])).toBe('warn');
    expect(checkedInTone([])).toBe('ok');
  });

  it('says the time of the first check-in in local hours and minutes', () => {
    const at = new Date(2020, 11, 21, 9, 5);
    expect(clockTime(at.toISOString())).toBe('09:05');
    expect(clockTime('not a time')).toBe('not a time');
  });
});

describe('voice consent', () => {
  it('remembers the click for the session only as "on"', () => {
    const items = new Map<string, string>();
    const storage = { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
    expect(voiceRemembered(storage)).toBe(false);
    rememberVoice(storage);
    expect(voiceRemembered(storage)).toBe(true);
    expect(voiceRemembered(null)).toBe(false);
  });

  it('probes with a real, silent WAV clip', () => {
    const url = silentWav();
    expect(url.startsWith('data:audio/wav;base64,')).toBe(true);
    const bytes = Buffer.from(url.split(',')[1] ?? '', 'base64');
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect(bytes.subarray(8, 12).toString('latin1')).toBe('WAVE');
    expect(bytes.readUInt32LE(4)).toBe(bytes.length - 8);
    expect(bytes.readUInt32LE(40)).toBe(bytes.length - 44);
    expect([...bytes.subarray(44)].every((b) => b === 128)).toBe(true);
  });
});
