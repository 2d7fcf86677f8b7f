// A refused roster row or a warning, worded from the catalogue by its code
// ("第 59 行：缺少学号"), never from the English reason the CLI prints.
import i18next from '../i18n/index.js';
import type { RosterRowIssue, RosterRowWarning } from '../../shared/roster.js';

export function rosterRowText(item: RosterRowIssue | RosterRowWarning): string {
  const fieldLabel = item.code === 'missing-field' ? i18next.t(`admin.roster.fields.${item.field}`) : undefined;
  return i18next.t(`admin.roster.rows.${item.code}`, { ...item, fieldLabel });
}
