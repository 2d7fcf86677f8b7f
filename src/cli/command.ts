// A command group (`event`, `roster`, `reader`, …) is one file in commands/,
// owned by its feature; main.ts only dispatches and maps errors to exit codes.
import type { ParseArgsConfig } from 'node:util';

export type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** e.g. `roster import --db <file> <roster.csv|.xlsx|.xls>` */
  usage: string;
  summary: string;
  options: Options;
  /** Resolves with the exit code (0 when omitted). Throw AppError for bad input. */
  run(args: ParsedArgs): Promise<number | void>;
}

export interface CommandGroup {
  summary: string;
  commands: Record<string, Command>;
}

/** Machine-readable output is JSON on stdout (docs/interfaces.md §1). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Progress and logs go to stderr. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Bad usage (missing option, unknown flag): exit 2, like bad input. */
export class UsageError extends Error {}

/** A string option the command cannot run without (`--db <file>`), or bad usage naming it. */
export function requiredOption(values: ParsedArgs['values'], name: string, placeholder: string, usage: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name} ${placeholder}; usage: ${usage}`);
  return value;
}

/** Exactly one argument (`<file>`), or bad usage saying what was expected. */
export function oneArgument(positionals: string[], what: string, usage: string): string {
  const [first, extra] = positionals;
  if (first === undefined || extra !== undefined) throw new UsageError(`expected one ${what}; usage: ${usage}`);
  return first;
}
