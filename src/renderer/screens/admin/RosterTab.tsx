// The roster: a file of students picked and imported.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { RosterImportResult } from '../../../shared/types.js';
import { describeError } from '../../lib/errors.js';
import { rosterRowText } from '../../lib/roster-words.js';
import { readBase64 } from './files.js';

export function RosterTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<RosterImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      setResult(await bridge.importRoster({ fileName: file.name, contentBase64: await readBase64(file) }, { pin }));
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section>
      <label className="field">
        {t('admin.roster.choose')}
        <input type="file" accept=".csv,.xlsx,.xls,text/csv" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="roster-file" />
      </label>
      <p className="hint">{t('admin.roster.columns')}</p>
      {busy && <progress className="progress-bar" aria-label={t('admin.roster.importing')} />}
      {error && <p className="error" role="alert">{error}</p>}
      {result && (
        <div data-testid="roster-result">
          <p className="lead">{t('admin.roster.result', { imported: result.imported, updated: result.updated, skipped: result.skipped.length })}</p>
          <ul className="row-errors">
            {result.skipped.map((s) => <li key={s.row}>{rosterRowText(s)}</li>)}
            {result.warnings.map((w) => <li key={`w${w.row}`}>{rosterRowText(w)}</li>)}
          </ul>
        </div>
      )}
    </section>
  );
}
