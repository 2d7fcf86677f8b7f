// The verdict of the identity check at the camera, large: 本人 ✔ with the name,
// or 不是本人 naming the number the person holds and the number called (seed
// 003: photos filed under the wrong student), or that nobody is called.
import { useTranslation } from 'react-i18next';
import type { ConfirmView } from '../lib/camera-confirm.js';
import { RetakeTag } from './RetakeTag.js';

export function ConfirmVerdict({ view, armed }: { view: ConfirmView; /** 拍摄完成 was tapped once after 不是本人. */ armed: boolean }) {
  const { t } = useTranslation();
  if (view.kind === 'match') {
    return (
      <div className="confirm-verdict tone-ok" role="status" data-testid="confirm-verdict" data-kind="match">
        <p className="confirm-head">{t('caller.confirm.match')}</p>
        <p className="confirm-line">
          {view.name}
          {view.retake && <RetakeTag />}
        </p>
      </div>
    );
  }
  if (view.kind === 'nobody') {
    return (
      <div className="confirm-verdict tone-warn" role="status" data-testid="confirm-verdict" data-kind="nobody">
        <p className="confirm-head">{t('caller.confirm.nobody')}</p>
        <p className="confirm-line">{t('caller.confirm.nobodyHint')}</p>
      </div>
    );
  }
  return (
    <div className="confirm-verdict tone-error" role="alert" data-testid="confirm-verdict" data-kind="mismatch">
      <p className="confirm-head">{t('caller.confirm.mismatch')}</p>
      <p className="confirm-line">
        {view.presented
          ? t('caller.confirm.holds', { presented: view.presented, called: view.called })
          : t('caller.confirm.holdsNone', { called: view.called })}
      </p>
      <p className="confirm-hint">{armed ? t('caller.confirm.armed', { called: view.called }) : t('caller.confirm.twice', { called: view.called })}</p>
    </div>
  );
}
