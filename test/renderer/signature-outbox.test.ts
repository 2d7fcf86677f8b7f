// Signatures are never lost (src/renderer/lib/signature-outbox.ts): a save that cannot
// reach the server is kept, survives a reload (sessionStorage), and goes out later in order.
import { describe, expect, it } from 'vitest';
import { createSignatureOutbox } from '../../src/renderer/lib/signature-outbox.js';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
}

function server() {
  const saved = new Map<string, string>();
  let state: 'up' | 'down' = 'up';
  const cancelled = new Set<string>();
  return {
    saved,
    cancelled,
    setState: (s: 'up' | 'down') => (state = s),
    save: async (ticket: string, svgPath: string) => {
      if (state === 'down') throw { code: 'offline', message: 'cannot reach the kiosk server' };
      if (cancelled.has(ticket)) throw { code: 'illegal-transition', message: `${ticket} is cancelled` };
      saved.set(ticket, svgPath);
    },
  };
}

describe('signature outbox', () => {
  it('saves at once when the server answers', async () => {
    const s = server();
    const outbox = createSignatureOutbox({ save: s.save, storage: memoryStorage() });
    expect(await outbox.submit('0001A', 'M 1 1 L 2 2')).toBe('saved');
    expect(s.saved.get('0001A')).toBe('M 1 1 L 2 2');
    expect(outbox.size()).toBe(0);
  });

  it('keeps what cannot be saved, across a reload, and sends it later oldest first', async () => {
    const s = server();
    const storage = memoryStorage();
    s.setState('down');
    const outbox = createSignatureOutbox({ save: s.save, storage });
    expect(await outbox.submit('0001A', 'M 1 1')).toBe('queued');
    outbox.keep('0002A', 'M 2 2'); // the tab was closed mid-signature
    expect(await outbox.submit('0001A', 'M 1 1 L 9 9')).toBe('queued'); // a newer one replaces the kept one
    expect(await outbox.flush()).toBe(2); // still down: nothing lost, nothing sent
    // A reload: a new outbox over the same sessionStorage.
    const reloaded = createSignatureOutbox({ save: s.save, storage });
    expect(reloaded.pending()).toEqual([
      { ticket: '0002A', svgPath: 'M 2 2' },
      { ticket: '0001A', svgPath: 'M 1 1 L 9 9' },
    ]);
    s.setState('up');
    expect(await reloaded.flush()).toBe(0);
    expect([...s.saved]).toEqual([
      ['0002A', 'M 2 2'],
      ['0001A', 'M 1 1 L 9 9'],
    ]);
    expect(JSON.parse(storage.items.get('swipequeue.pendingSignatures') ?? 'null')).toEqual([]);
  });

  it('drops a signature the server refuses for good (the ticket was cancelled) and says so', async () => {
    const s = server();
    s.cancelled.add('0003A');
    const outbox = createSignatureOutbox({ save: s.save, storage: memoryStorage() });
    expect(await outbox.submit('0003A', 'M 3 3')).toBe('refused');
    expect(outbox.size()).toBe(0);
  });

  it('tells its listeners when the number waiting changes', async () => {
    const s = server();
    s.setState('down');
    const outbox = createSignatureOutbox({ save: s.save, storage: null });
    const sizes: number[] = [];
    outbox.subscribe(() => sizes.push(outbox.size()));
    await outbox.submit('0001A', 'M 1 1');
    s.setState('up');
    await outbox.flush();
    expect(sizes).toEqual([1, 0]);
  });
});
