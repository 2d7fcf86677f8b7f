// The files of the day: sign-in sheet, attendance, fees, absentees, audit.
// A long one (a 2,000-row sheet) shows its progress from the live events.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bridge } from '../../../shared/contract.js';
import { describeError } from '../../lib/errors.js';
import { download } from './files.js';
import { ProgressBar, useProgress } from './Progress.js';

const EXPORT_KINDS = ['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv'] as const;
type ExportKind = (typeof EXPORT_KINDS)[number];

export function ExportsTab({ bridge, pin }: { bridge: Bridge; pin: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [colleges, setColleges] = useState<string[]>([]);
  const [college, setCollege] = useState('');
  const [allStudents, setAllStudents] = useState(false);
  const progress = useProgress(bridge, ['export'], busy !== null);
  useEffect(() => {
    bridge.getEvent({}).then((ev) => setColleges([...new Set(ev?.slots.map((x) => x.college) ?? [])]), () => undefined);
  }, [bridge]);
  const get = async (kind: ExportKind) => {
    setBusy(kind);
    setMessage(null);
    setDone(null);
    try {
      const f = await bridge.exportFile({ kind, ...(college ? { college } : {}), ...(kind === 'signin-sheet' && allStudents ? { allStudents: true } : {}) }, { pin });
      download(f.fileName, f.mime, f.base64);
      setDone(t('admin.exports.downloaded', { name: f.fileName }));
    } catch (err) {
      setMessage(describeError(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section>
      <h2>{t('admin.exports.heading')}</h2>
      <p className="hint">{t('admin.exports.hint')}</p>
      <label className="field narrow">{t('admin.exports.college')}
        <select value={college} onChange={(e) => setCollege(e.target.value)} data-testid="export-college">
          <option value="">{t('admin.exports.allColleges')}</option>
          {colleges.map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={allStudents} onChange={(e) => setAllStudents(e.target.checked)} data-testid="export-all-students" />
        {t('admin.exports.allStudents')}
      </label>
      <div className="export-grid">
        {EXPORT_KINDS.map((k) => (
          <button key={k} type="button" className="btn" disabled={busy !== null} onClick={() => void get(k)} data-testid={`export-${k}`}>
            {busy === k ? t('admin.exports.downloading') : t(`admin.exports.kinds.${k}`)}
          </button>
        ))}
      </div>
      {busy !== null && <ProgressBar label={t('admin.exports.making', { kind: t(`admin.exports.kinds.${busy}`) })} progress={progress} unit="rows" />}
      {done && <p className="notice" role="status">{done}</p>}
      {message && <p className="error" role="alert">{message}</p>}
    </section>
  );
}
