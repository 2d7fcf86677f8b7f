// Small pure pieces of the screens: hash routes and the arrivals chart's time axis.
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/renderer/lib/route.js';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { ArrivalsChart, fillBuckets, stationLabels } from '../../src/renderer/components/ArrivalsChart.js';
import '../../src/renderer/i18n/index.js';

describe('hash routes', () => {
  it('names each screen, the caller with its station letter', () => {
    expect(parseRoute('#/desk')).toEqual({ screen: 'desk' });
    expect(parseRoute('#/caller/b')).toEqual({ screen: 'caller', station: 'B' });
    expect(parseRoute('#/caller')).toEqual({ screen: 'caller', station: 'A' });
    expect(parseRoute('#/display')).toEqual({ screen: 'display' });
    expect(parseRoute('#/admin')).toEqual({ screen: 'admin' });
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
