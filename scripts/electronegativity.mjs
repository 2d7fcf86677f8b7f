// Electronegativity over the Electron shell, offline: the Electron version is
// given (no network lookup), the release-notes check that needs GitHub is
// skipped, and any HIGH-severity finding fails the run (exit 1). Medium and
// lower findings are printed for review. Main, preload and the renderer's
// page are scanned as ONE application (its global checks, such as "navigation
// is limited somewhere", look across all files), so they are staged together.
//   node scripts/electronegativity.mjs [paths...]   (default: src/main src/preload + the renderer's index.html)
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import run from '@doyensec/electronegativity';

const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
const defaults = ['src/main', 'src/preload', 'src/renderer/index.html', 'index.html'].filter((p) => existsSync(p));
const inputs = process.argv.length > 2 ? process.argv.slice(2) : defaults;

// Its i18n module looks for a translations update online and warns when it cannot; quiet that one line.
const warn = console.warn;
const log = console.log;
const noise = /Could not retrieve updated translations/;
console.warn = (...args) => (noise.test(String(args[0])) ? undefined : warn(...args));
console.log = (...args) => (noise.test(String(args[0])) ? undefined : log(...args));

const stage = mkdtempSync(join(tmpdir(), 'sq-electronegativity-'));
for (const input of inputs) {
  const rel = relative(process.cwd(), resolve(input));
  cpSync(input, join(stage, rel.startsWith('..') || isAbsolute(rel) ? resolve(input).replace(/^[\\/]+|:/g, '') : rel), { recursive: true });
}

let high = 0;
try {
  const { issues, errors } = await run({
    input: stage,
    electronVersionOverride: electronVersion,
    // Fetches Electron's release list from GitHub; `npm outdated electron` answers the same question.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    severitySet: 'informational',
    confidenceSet: 'tentative',
    isRelative: true,
    parserPlugins: [],
  });
  for (const e of errors.filter((e) => !e.tolerable)) {
    console.error(`error: electronegativity could not parse ${e.file}: ${e.message}`);
    high += 1;
  }
  for (const issue of issues) {
    const where = `${issue.file}:${issue.location.line}:${issue.location.column}`;
    const line = `${issue.severity.name.padEnd(13)} ${issue.id.padEnd(40)} ${where}  ${issue.description}`;
    if (issue.severity.name === 'HIGH') {
      high += 1;
      console.error(`error: ${line}`);
    } else {
      log(`  ${line}`);
    }
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
console.warn = warn;
console.log = log;
if (high > 0) {
  console.error(`error: electronegativity: ${high} high-severity finding(s) in ${inputs.join(', ')} (Electron ${electronVersion})`);
  process.exit(1);
}
log(`electronegativity: no high-severity finding in ${inputs.join(', ')} (Electron ${electronVersion})`);
