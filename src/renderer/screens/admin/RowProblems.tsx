// The rows a roster import refused and the warnings it gave, worded from their
// codes ("第 59 行：缺少学号"). A long list shows its first rows and a button for the rest.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RosterRowIssue, RosterRowWarning } from '../../../shared/roster.js';
import { rosterRowText } from '../../lib/roster-words.js';

const FIRST = 200;

function Items({ items, kind }: { items: readonly (RosterRowIssue | RosterRowWarning)[]; kind: 'skipped' | 'warnings' }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, FIRST);
  return (
    <>
      <ul className={kind === 'skipped' ? 'row-errors' : 'row-warnings'} data-testid={`roster-${kind}`}>
        {shown.map((s, k) => (
          <li key={`${s.row}-${k}`}>{rosterRowText(s)}</li>
        ))}
      </ul>
      {items.length > shown.length && (
        <button type="button" className="btn btn-small" onClick={() => setAll(true)}>
          {t('admin.roster.showAll', { count: items.length - shown.length })}
        </button>
      )}
    </>
  );
}

export function RowProblems({ skipped, warnings }: { skipped: readonly RosterRowIssue[]; warnings: readonly RosterRowWarning[] }) {
  const { t } = useTranslation();
  return (
    <div className="row-problems">
      <h3>{t('admin.roster.skippedTitle', { count: skipped.length })}</h3>
      {skipped.length === 0 ? <p className="hint">{t('admin.roster.noSkipped')}</p> : <Items items={skipped} kind="skipped" />}
      {warnings.length > 0 && (
        <>
          <h3>{t('admin.roster.warningsTitle', { count: warnings.length })}</h3>
          <Items items={warnings} kind="warnings" />
        </>
      )}
    </div>
  );
}
