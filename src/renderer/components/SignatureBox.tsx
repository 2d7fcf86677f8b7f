import { useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react';
import SignaturePad from 'signature_pad';
import { useTranslation } from 'react-i18next';
import { strokesToPath } from '../lib/signature.js';

export interface SignatureHandle {
  /** Strokes drawn since the last save, as path data for this ticket (then counted as saved); null when there are none. */
  takeUnsaved(): { ticket: string; svgPath: string } | null;
}

export type SignatureStatus = 'saved' | 'queued' | null;

/** On-screen signature: signature_pad draws, the strokes are saved as path data. */
export function SignatureBox({ ticket, status, onSave, ref }: { ticket: string; status: SignatureStatus; onSave: (svgPath: string) => void; ref?: Ref<SignatureHandle> }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  // Strokes not yet handed to onSave: the desk saves them when it leaves this ticket.
  const dirty = useRef(false);
  const [unsaved, setUnsaved] = useState(false);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const p = new SignaturePad(c, { minWidth: 1, maxWidth: 3 });
    p.addEventListener('endStroke', () => {
      dirty.current = !p.isEmpty();
      setUnsaved(dirty.current);
    });
    pad.current = p;
    return () => p.off();
  }, []);
  const pathNow = (): string | null => {
    const p = pad.current;
    const c = canvas.current;
    if (!p || !c || p.isEmpty()) return null;
    const strokes = p.toData().map((g) => g.points.map((pt) => ({ x: pt.x, y: pt.y })));
    return strokesToPath(strokes, c.offsetWidth, c.offsetHeight);
  };
  const markSaved = () => {
    dirty.current = false;
    setUnsaved(false);
  };
  useImperativeHandle(ref, () => ({
    takeUnsaved() {
      if (!dirty.current) return null;
      const svgPath = pathNow();
      markSaved();
      return svgPath ? { ticket, svgPath } : null;
    },
  }));
  const save = () => {
    const svgPath = pathNow();
    if (!svgPath) return;
    markSaved();
    onSave(svgPath);
  };
  const label = unsaved ? t('desk.signHere') : status === 'saved' ? t('desk.signatureSaved') : status === 'queued' ? t('desk.signatureQueued') : t('desk.signHere');
  return (
    <div className="signature">
      <div className={`signature-label ${!unsaved && status ? 'signature-done' : ''}`} data-testid="signature-status">{label}</div>
      <canvas ref={canvas} className="signature-canvas" data-testid="signature" />
      <div className="row">
        <button type="button" className="btn" onClick={() => { pad.current?.clear(); markSaved(); }}>{t('desk.clearSignature')}</button>
        <button type="button" className="btn btn-primary" disabled={!unsaved} onClick={save} data-testid="save-signature">{t('desk.saveSignature')}</button>
      </div>
    </div>
  );
}
