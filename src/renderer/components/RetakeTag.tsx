// 补拍: a ticket photographed once and called again for a retake, on the caller and the display.
import { useTranslation } from 'react-i18next';

export function RetakeTag() {
  const { t } = useTranslation();
  return <span className="retake-tag" data-testid="retake-tag">{t('retake.tag')}</span>;
}
