// Polling for a condition in integration tests (ptys, sockets, child processes):
// resolves when `check` holds, fails naming `what` after `ms`.
export async function until(check: () => boolean, what: string, ms = 10_000, everyMs = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
