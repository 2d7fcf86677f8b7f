// One verdict at a glance (as pretixSCAN does): the whole panel takes the colour of
// the outcome, with one headline; everything else in it is plain dark text.
// Tones: ok (in the queue), info (already checked in, a fact to pass on),
// warn (needs the volunteer's attention), error (not admitted, or a failure).
// The tone's sign (✔ ℹ ⚠ ✘) comes from the stylesheet, so it is not part of the words.
import type { ReactNode } from 'react';

export type Tone = 'ok' | 'info' | 'warn' | 'error';

export function Verdict({ tone, headline, children, testId }: { tone: Tone; headline: ReactNode; children?: ReactNode; testId?: string }) {
  return (
    <div className={`verdict tone-${tone}`} data-tone={tone} data-testid={testId}>
      <p className="verdict-head" data-testid="verdict-head">
        <span className="verdict-icon" aria-hidden="true" />
        <span>{headline}</span>
      </p>
      <div className="verdict-body">{children}</div>
    </div>
  );
}

/** One status line with a tone (the caller's last action, a print outcome, an identity check). */
export function ToneLine({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) {
  return (
    <p className={`tone-line tone-${tone}`} data-tone={tone} role={tone === 'error' ? 'alert' : 'status'} data-testid={testId}>
      <span className="verdict-icon" aria-hidden="true" />
      <span>{children}</span>
    </p>
  );
}
