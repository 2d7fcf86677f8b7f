import i18next from '../i18n/index.js';
import { errorBody, errorCode, errorMessage } from '../api/bridge.js';
import { issueText, issuesOf } from './issue-words.js';

/**
 * The parameters of an error's words, from its details: lists joined, the
 * issues of a schema or schedule worded one by one, fields by their labels.
 * Every parameter a catalogue text may name is present (empty when the error has none).
 */
export function errorParams(details: Record<string, unknown>): Record<string, unknown> {
  const issues = issuesOf(details);
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join('、') : typeof v === 'string' ? v : '');
  return {
    file: '',
    target: '',
    station: '',
    ...details,
    issues: issues.length > 0 ? issues.map(issueText).join('；') : i18next.t('issues.none'),
    missingLabels: Array.isArray(details.missing) ? details.missing.map((f) => i18next.t(`admin.roster.fields.${String(f)}`)).join('、') : '',
    expected: list(details.expected),
    where: typeof details.line === 'number' ? i18next.t('issues.jsonAt', { line: details.line, column: details.column }) : '',
  };
}

/** A message a volunteer can act on: the catalogue's words for known codes (details such as {{ticket}} filled in), else the server's. */
export function describeError(e: unknown): string {
  const code = errorCode(e);
  const key = `errors.${code ?? ''}`;
  const body = errorBody(e);
  if (code && i18next.exists(key)) return i18next.t(key, errorParams(body));
  return i18next.t('errors.unknown', { ...body, message: errorMessage(e) });
}
