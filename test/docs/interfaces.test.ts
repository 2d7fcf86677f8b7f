// docs/interfaces.md keeps up with the code: every operation's route, every
// error code, every command and every flag of the command line is described
// there. A new one fails here until the page says what it does.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CommandGroup } from '../../src/cli/command.js';
import { ERROR_CODES } from '../../src/shared/errors.js';
import { operations } from '../../src/shared/operations.js';

const doc = readFileSync(new URL('../../docs/interfaces.md', import.meta.url), 'utf8');

/** One command group per file of src/cli/commands (src/cli/main.ts loads them by name). */
const GROUPS = readdirSync(new URL('../../src/cli/commands/', import.meta.url)).filter((f) => f.endsWith('.ts')).map((f) => f.slice(0, -3));
const loadGroup = async (name: string): Promise<CommandGroup> => ((await import(`../../src/cli/commands/${name}.ts`)) as { default: CommandGroup }).default;

describe('docs/interfaces.md', () => {
  it('gives every operation its route and the role that may call it', () => {
    const missing = Object.entries(operations)
      .filter(([name, op]) => !doc.includes(`| \`${op.http.method} ${op.http.path}\` | \`${name}\` | ${op.access}${op.pin ? ' + PIN' : ''} |`))
      .map(([name, op]) => `${name}: ${op.http.method} ${op.http.path} (${op.access}${op.pin ? ' + PIN' : ''})`);
    expect(missing).toEqual([]);
  });

  it('lists every error code in its table', () => {
    expect(ERROR_CODES.filter((code) => !doc.includes(`| \`${code}\` |`))).toEqual([]);
  });

  it('describes every command and every flag', async () => {
    const missing: string[] = [];
    for (const groupName of GROUPS) {
      const group = await loadGroup(groupName);
      for (const [name, cmd] of Object.entries(group.commands)) {
        const command = name === '' ? groupName : `${groupName} ${name}`;
        if (!doc.includes(command)) missing.push(command);
        for (const flag of Object.keys(cmd.options)) if (!doc.includes(`--${flag}`)) missing.push(`${command} --${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
