// The roster: the template to fill in, then a file picked, previewed (how it
// was read, which column feeds which field, the first rows, every refused row
// and warning) and only then imported.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import type { RosterPreview } from '../../../shared/roster.js';
import type { RosterImportResult } from '../../../shared/types.js';
import { describeError } from '../../lib/errors.js';
import { download, readBase64 } from './files.js';
import { ProgressBar, useProgress } from './Progress.js';
import { RowProblems } from './RowProblems.js';

/** Spreadsheet column letters: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'previewed'; fileName: string; base64: string; preview: RosterPreview }
  | { kind: 'importing'; fileName: string; preview: RosterPreview }
  | { kind: 'done'; fileName: string; result: RosterImportResult };

function TemplateLinks({ bridge, pin, onError }: { bridge: Bridge; pin: string; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const get = async (format: 'xlsx' | 'csv') => {
    try {
      const f = await bridge.rosterTemplate({ format }, { pin });
      download(f.fileName, f.mime, f.base64);
    } catch (e) {
      onError(e);
    }
  };
  return (
    <div className="template-links">
      <p className="hint">{t('admin.roster.templateHint')}</p>
      <div className="row">
        <button type="button" className="btn" onClick={() => void get('xlsx')} data-testid="template-xlsx">{t('admin.roster.templateXlsx')}</button>
        <button type="button" className="btn" onClick={() => void get('csv')} data-testid="template-csv">{t('admin.roster.templateCsv')}</button>
      </div>
    </div>
  );
}

function PreviewView({ preview }: { preview: RosterPreview }) {
  const { t } = useTranslation();
  const field = (f: string | null) => (f ? t(`admin.roster.fields.${f}`) : t('admin.roster.notImported'));
  const yesNo = (v: boolean | null) => (v === null ? '' : v ? t('admin.roster.yes') : t('admin.roster.no'));
  return (
    <div className="roster-preview" data-testid="roster-preview">
      <p className="lead">
        {t('admin.roster.summary', { total: preview.totalRows, importable: preview.importable, skipped: preview.skipped.length, warnings: preview.warnings.length })}
      </p>
      <p className="hint">
        {t('admin.roster.readAs', {
          format: t(`admin.roster.formats.${preview.format}`),
          encoding: preview.encoding ? t('admin.roster.encodingIs', { encoding: t(`admin.roster.encodings.${preview.encoding}`) }) : '',
          headerRow: preview.headerRow,
        })}
      </p>
      {preview.missing.length > 0 && (
        <p className="error" role="alert" data-testid="roster-missing">
          {t('admin.roster.missing', { fields: preview.missing.map((f) => t(`admin.roster.fields.${f}`)).join('、') })}
        </p>
      )}
      <h3>{t('admin.roster.mapping')}</h3>
      <div className="table-scroll">
        <table className="table" data-testid="roster-mapping">
          <thead>
            <tr><th>{t('admin.roster.column')}</th><th>{t('admin.roster.header')}</th><th>{t('admin.roster.field')}</th></tr>
          </thead>
          <tbody>
            {preview.columns.map((c) => (
              <tr key={c.index} className={c.field ? '' : 'muted'}>
                <td>{columnLetter(c.index)}</td><td>{c.header}</td><td>{field(c.field)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.ignored.length > 0 && <p className="hint" data-testid="roster-ignored">{t('admin.roster.ignored', { headers: preview.ignored.join('、') })}</p>}
      {preview.rows.length > 0 && (
        <>
          <h3>{t('admin.roster.firstRows', { count: preview.rows.length })}</h3>
          <div className="table-scroll">
            <table className="table table-compact" data-testid="roster-rows">
              <thead>
                <tr>
                  <th>{t('admin.roster.row')}</th><th>{t('admin.roster.fields.studentId')}</th><th>{t('admin.roster.fields.name')}</th>
                  <th>{t('admin.roster.fields.college')}</th><th>{t('admin.roster.fields.idNumber')}</th><th>{t('admin.roster.fields.major')}</th>
                  <th>{t('admin.roster.fields.level')}</th><th>{t('admin.roster.fields.hasPhoto')}</th><th>{t('admin.roster.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((r) => (
                  <tr key={r.row} className={r.outcome === 'skip' ? 'row-skip' : ''}>
                    <td>{r.row}</td><td>{r.studentId}</td><td>{r.name}</td><td>{r.college}</td><td className="mono">{r.idMasked ?? ''}</td>
                    <td>{r.major ?? ''}</td><td>{r.level ?? ''}</td><td>{yesNo(r.hasPhoto)}</td>
                    <td>{r.outcome === 'import' ? t('admin.roster.willImport') : t('admin.roster.willSkip')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <RowProblems skipped={preview.skipped} warnings={preview.warnings} />
    </div>
  );
}

export function RosterTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const working = step.kind === 'reading' || step.kind === 'importing';
  const progress = useProgress(bridge, step.kind === 'reading' ? ['roster-preview'] : ['roster-import'], working);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setStep({ kind: 'reading', fileName: file.name });
    try {
      const base64 = await readBase64(file);
      const preview = await bridge.previewRoster({ fileName: file.name, contentBase64: base64, rows: 20 }, { pin });
      setStep({ kind: 'previewed', fileName: file.name, base64, preview });
    } catch (e) {
      setError(describeError(e));
      setStep({ kind: 'idle' });
    }
  };
  const doImport = async () => {
    if (step.kind !== 'previewed') return;
    setError(null);
    setStep({ kind: 'importing', fileName: step.fileName, preview: step.preview });
    try {
      const result = await bridge.importRoster({ fileName: step.fileName, contentBase64: step.base64 }, { pin });
      setStep({ kind: 'done', fileName: step.fileName, result });
    } catch (e) {
      setError(describeError(e));
      setStep(step);
    }
  };
  const restart = () => {
    setStep({ kind: 'idle' });
    setError(null);
    setInputKey((k) => k + 1);
  };

  return (
    <section className="roster-tab">
      <h2>{t('admin.roster.template')}</h2>
      <TemplateLinks bridge={bridge} pin={pin} onError={(e) => setError(describeError(e))} />
      <h2>{t('admin.roster.importTitle')}</h2>
      <p className="hint">{t('admin.roster.chooseHint')}</p>
      <div className="row">
        {/* The browser's own file button speaks the browser's language; this one speaks Chinese. */}
        <label className={`btn file-button ${working ? 'file-button-off' : ''}`}>
          {t('admin.roster.choose')}
          <input key={inputKey} type="file" className="visually-hidden" accept=".csv,.tsv,.txt,.xlsx,.xls,text/csv" disabled={working} onChange={(e) => void onFile(e.target.files?.[0])} data-testid="roster-file" />
        </label>
        {step.kind !== 'idle' && <span className="mono" data-testid="roster-file-name">{step.fileName}</span>}
      </div>
      {step.kind === 'reading' && <ProgressBar label={t('admin.roster.reading', { name: step.fileName })} progress={progress} unit="rows" />}
      {step.kind === 'importing' && <ProgressBar label={t('admin.roster.importing', { name: step.fileName })} progress={progress} unit="rows" />}
      {error && <p className="error" role="alert">{error}</p>}
      {step.kind === 'previewed' && (
        <>
          <div className="row sticky-actions">
            <button type="button" className="btn btn-primary" disabled={step.preview.importable === 0} onClick={() => void doImport()} data-testid="roster-import">
              {t('admin.roster.import', { count: step.preview.importable })}
            </button>
            <button type="button" className="btn" onClick={restart}>{t('admin.roster.another')}</button>
          </div>
          <PreviewView preview={step.preview} />
        </>
      )}
      {step.kind === 'done' && (
        <div data-testid="roster-result">
          <p className="lead">{t('admin.roster.result', { imported: step.result.imported, updated: step.result.updated, skipped: step.result.skipped.length })}</p>
          <RowProblems skipped={step.result.skipped} warnings={step.result.warnings} />
          <button type="button" className="btn" onClick={restart}>{t('admin.roster.another')}</button>
        </div>
      )}
    </section>
  );
}
