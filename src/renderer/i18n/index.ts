import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zhCN } from './zh-CN.js';

void i18next.use(initReactI18next).init({
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN } },
  interpolation: { escapeValue: false },
  // A parameter an error did not carry shows as nothing, never as `{{retryAfter}}`.
  missingInterpolationHandler: () => '',
  returnObjects: true,
  initAsync: false,
});

export default i18next;
