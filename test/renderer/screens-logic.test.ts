// Small pure pieces of the screens: hash routes and the arrivals chart's time axis.
import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../src/renderer/lib/route.js';
import { fillBuckets } from '../../src/renderer/components/ArrivalsChart.js';

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
