// 核对本人 on the caller page: a student ID typed (or scanned into the box) is
// checked against the called ticket; a wedge reader or scanner needs no box,
// it types into the page's hidden target (lib/use-camera-keys.ts).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmEntry({ disabled, onLine }: { disabled: boolean; onLine: (line: string) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() === '') return;
    onLine(text);
    setText('');
  };
  return (
    <form className="confirm-entry" onSubmit={submit}>
      <input
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('caller.confirm.placeholder')}
        aria-label={t('caller.confirm.placeholder')}
        autoComplete="off"
        inputMode="text"
        data-testid="confirm-input"
      />
      <button type="submit" className="btn" disabled={disabled || text.trim() === ''} data-testid="confirm-submit">{t('caller.confirm.check')}</button>
    </form>
  );
}
