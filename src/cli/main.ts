// The swipequeue command (docs/interfaces.md §1): exit 0 on success, 2 on bad usage
// or bad input, 1 on any other failure; errors are one `error: ` line on stderr.
import { parseArgs } from 'node:util';
import { AppError, exitCodeOf } from '../shared/errors.js';
import { UsageError, type Command, type CommandGroup } from './command.js';

const groups: Record<string, () => Promise<{ default: CommandGroup }>> = {
  event: () => import('./commands/event.js'),
  roster: () => import('./commands/roster.js'),
  export: () => import('./commands/export.js'),
  idcard: () => import('./commands/idcard.js'),
  reader: () => import('./commands/reader.js'),
  printer: () => import('./commands/printer.js'),
  ticket: () => import('./commands/ticket.js'),
  serve: () => import('./commands/serve.js'),
  merge: () => import('./commands/merge.js'),
};

async function loadGroups(): Promise<[string, CommandGroup][]> {
  return Promise.all(Object.entries(groups).map(async ([name, load]) => [name, (await load()).default] as [string, CommandGroup]));
}

function commandUsage(group: string, name: string, cmd: Command): string {
  const prefix = name === '' ? `swipequeue ${group}` : `swipequeue ${group} ${name}`;
  return `${cmd.usage.startsWith('swipequeue') ? cmd.usage : `${prefix} ${cmd.usage}`.trim()}\n  ${cmd.summary}`;
}

async function mainUsage(): Promise<string> {
  const lines = ['usage: swipequeue <command> [options]', '', 'commands:'];
  for (const [gname, group] of await loadGroups()) {
    for (const [cname, cmd] of Object.entries(group.commands)) lines.push(`  ${commandUsage(gname, cname, cmd).replace(/\n/g, '\n  ')}`);
  }
  lines.push('', 'every command: --help, --debug (stack traces on failure)', 'exit codes: 0 ok, 2 bad usage or bad input, 1 other failure');
  return lines.join('\n');
}

export async function runCli(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  try {
    const [groupName, ...rest] = args;
    if (groupName === undefined || groupName === '--help' || groupName === '-h' || groupName === 'help') {
      process.stdout.write(`${await mainUsage()}\n`);
      return groupName === undefined ? 2 : 0;
    }
    const load = groups[groupName];
    if (!load) throw new UsageError(`unknown command "${groupName}"; run swipequeue --help`);
    const group = (await load()).default;
    // A group with a single '' command takes no sub-command (e.g. `serve`).
    let name = '';
    let cmdArgs = rest;
    if (!group.commands['']) {
      name = rest[0] ?? '';
      cmdArgs = rest.slice(1);
      if (name === '' || name === '--help' || name === '-h') {
        const lines = Object.entries(group.commands).map(([n, c]) => commandUsage(groupName, n, c));
        process.stdout.write(`${group.summary}\n\n${lines.join('\n')}\n`);
        return name === '' ? 2 : 0;
      }
    }
    const cmd = group.commands[name];
    if (!cmd) throw new UsageError(`unknown command "${groupName} ${name}"; run swipequeue ${groupName} --help`);
    if (cmdArgs.includes('--help') || cmdArgs.includes('-h')) {
      process.stdout.write(`usage: ${commandUsage(groupName, name, cmd)}\n`);
      return 0;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: cmdArgs, options: cmd.options, allowPositionals: true, strict: true });
    } catch (e) {
      throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}; usage: swipequeue ${groupName} ${name} ${cmd.usage}`.trim());
    }
    return (await cmd.run(parsed)) ?? 0;
  } catch (e) {
    if (debug) process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof AppError) {
      process.stderr.write(`error: ${e.message}\n`);
      return exitCodeOf(e.kind);
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' && err.path) {
      process.stderr.write(`error: file not found: ${err.path}\n`);
      return 2;
    }
    process.stderr.write(`error: ${err.message ?? String(e)}${debug ? '' : ' (run with --debug for details)'}\n`);
    return 1;
  }
}

// Long-running commands (serve, reader watch) keep the process alive themselves.
const code = await runCli(process.argv.slice(2));
process.exitCode = code;
