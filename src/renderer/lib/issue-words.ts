// A problem of one field, worded from the catalogue by its path and code
// ("第 2 个时段：开始时间格式应为 时:分"), never from the English the CLI prints.
// Schema issues come from src/shared/schemas.ts, schedule issues from
// src/shared/event-check.ts; both travel in an error's `details.issues`.
import i18next from '../i18n/index.js';
import type { FieldIssue } from '../../shared/schemas.js';

type Path = readonly (string | number)[];

const known = (key: string) => i18next.exists(key);

/** The label of a field key (`start` → 开始时间); '' when the catalogue has none. */
export function fieldLabel(key: string | number | undefined): string {
  if (typeof key !== 'string') return '';
  if (known(`issues.fields.${key}`)) return i18next.t(`issues.fields.${key}`);
  return known(`issues.lists.${key}`) ? i18next.t(`issues.lists.${key}`) : '';
}

/** Where in the input: each list item as "第 2 个时段", joined; the field itself is left to the issue's words. */
export function issuePlace(path: Path): string {
  const parts: string[] = [];
  for (let k = 0; k < path.length - 1; k++) {
    const list = path[k];
    const index = path[k + 1];
    if (typeof list === 'string' && typeof index === 'number' && known(`issues.lists.${list}`)) {
      parts.push(i18next.t('issues.item', { n: index + 1, list: i18next.t(`issues.lists.${list}`) }));
      k++;
    }
  }
  return parts.join(' ');
}

/** The field an issue is about: the last named key, or the list itself when the path ends at an item. */
function fieldOf(path: Path): string {
  const last = path[path.length - 1];
  if (typeof last === 'number') {
    const list = path[path.length - 2];
    return typeof list === 'string' && known(`issues.lists.${list}`) ? i18next.t(`issues.lists.${list}`) : '';
  }
  return fieldLabel(last);
}

const listOf = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : String(v ?? ''));

/** What is wrong with the field, without where it is ("开始时间格式应为 时:分"): for a message beside the field. */
export function issueWords(issue: FieldIssue): string {
  const last = issue.path[issue.path.length - 1];
  const field = fieldOf(issue.path) || i18next.t('issues.someField');
  const vars: Record<string, unknown> = { ...issue, field, keys: listOf(issue.keys), values: listOf(issue.values), stations: listOf(issue.stations) };
  if (typeof issue.other === 'number') vars.otherN = issue.other + 1;
  if (issue.issue === 'format') {
    const format = typeof last === 'string' && known(`issues.formats.${last}`) ? i18next.t(`issues.formats.${last}`) : null;
    return format ? i18next.t('issues.codes.format', { ...vars, format }) : i18next.t('issues.codes.format-any', vars);
  }
  if (issue.issue === 'type' && issue.expected === 'number') return i18next.t('issues.codes.type-number', vars);
  const key = `issues.codes.${issue.issue}`;
  return known(key) ? i18next.t(key, vars) : i18next.t('issues.codes.invalid', vars);
}

/** The whole sentence: "第 2 个时段：开始时间格式应为 时:分". */
export function issueText(issue: FieldIssue): string {
  const place = issuePlace(issue.path);
  const words = issueWords(issue);
  return place ? i18next.t('issues.at', { place, words }) : words;
}

/** The `issues` of an error's details, if it carries any. */
export function issuesOf(details: Record<string, unknown>): FieldIssue[] {
  const list = details.issues;
  if (!Array.isArray(list)) return [];
  return list.filter((i): i is FieldIssue => typeof i === 'object' && i !== null && Array.isArray((i as FieldIssue).path) && typeof (i as FieldIssue).issue === 'string');
}

/** The form's key of a field: `slots.1.start`. */
export const issueKey = (path: Path): string => path.join('.');

/** An error's issues by field (`slots.1.start` → its words), for messages beside the fields of a form. */
export function issuesByField(issues: readonly FieldIssue[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of issues) {
    const key = issueKey(i.path);
    const words = issueWords(i);
    out.set(key, out.has(key) ? `${out.get(key)}；${words}` : words);
  }
  return out;
}
