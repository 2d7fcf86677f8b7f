// Where a JSON text breaks, from the JavaScript engine's own error (V8 in Node,
// Electron and Chromium alike): for the CLI's message and the admin page's words.

/** `line 3 column 5: Expected double-quoted property name` from V8's `… at position 11`, and the line and column alone. */
export function jsonErrorWhere(text: string, message: string): { text: string; line?: number; column?: number } {
  const m = /at position (\d+)/.exec(message);
  const what = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (!m) return { text: message };
  const pos = Number(m[1]);
  const before = text.replace(/^\uFEFF/, '').slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return { text: `line ${line} column ${column}: ${what}`, line, column };
}
