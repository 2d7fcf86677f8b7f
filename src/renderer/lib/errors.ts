import i18next from '../i18n/index.js';
import { errorCode, errorMessage } from '../api/bridge.js';

/** A message a volunteer can act on: the catalogue's words for known codes, else the server's. */
export function describeError(e: unknown): string {
  const code = errorCode(e);
  const key = `errors.${code ?? ''}`;
  if (code && i18next.exists(key)) return i18next.t(key);
  return i18next.t('errors.unknown', { message: errorMessage(e) });
}
