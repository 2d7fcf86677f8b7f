// The page's Content-Security-Policy, one text for the desktop app (app://
// responses, src/main/security.ts) and for `swipequeue serve` (an HTTP header,
// src/server/server.ts): a header, unlike the page's meta tag, can forbid framing.

/**
 * No remote content, no inline script, no eval: everything comes from the
 * page's own origin. `data:`/`blob:` images and media for signatures, QR codes
 * and the display's voice clips; no frames, no forms, no plugins, and no page
 * may frame the kiosk (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
