import i18next from '../i18n/index.js';
import { errorBody, errorCode, errorMessage } from '../api/bridge.js';

/** A message a volunteer can act on: the catalogue's words for known codes (details such as {{ticket}} filled in), else the server's. */
export function describeError(e: unknown): string {
  const code = errorCode(e);
  const key = `errors.${code ?? ''}`;
  const vars = { ...errorBody(e), message: errorMessage(e) };
  if (code && i18next.exists(key)) return i18next.t(key, vars);
  return i18next.t('errors.unknown', vars);
}
