import { useEffect, useRef, useState } from 'react';
import SignaturePad from 'signature_pad';
import { useTranslation } from 'react-i18next';
import { strokesToPath } from '../lib/signature.js';

/** On-screen signature: signature_pad draws, the strokes are saved as path data. */
export function SignatureBox({ onSave, saved }: { onSave: (svgPath: string) => void; saved: boolean }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const [empty, setEmpty] = useState(true);
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    c.width = c.offsetWidth * ratio;
    c.height = c.offsetHeight * ratio;
    c.getContext('2d')?.scale(ratio, ratio);
    const p = new SignaturePad(c, { minWidth: 1, maxWidth: 3 });
    p.addEventListener('endStroke', () => setEmpty(p.isEmpty()));
    pad.current = p;
    return () => p.off();
  }, []);
  const save = () => {
    const p = pad.current;
    const c = canvas.current;
    if (!p || !c || p.isEmpty()) return;
    const strokes = p.toData().map((g) => g.points.map((pt) => ({ x: pt.x, y: pt.y })));
    onSave(strokesToPath(strokes, c.offsetWidth, c.offsetHeight));
  };
  return (
    <div className="signature">
      <div className="signature-label">{saved ? t('desk.signatureSaved') : t('desk.signHere')}</div>
      <canvas ref={canvas} className="signature-canvas" data-testid="signature" />
      <div className="row">
        <button type="button" className="btn" onClick={() => { pad.current?.clear(); setEmpty(true); }}>{t('desk.clearSignature')}</button>
        <button type="button" className="btn btn-primary" disabled={empty || saved} onClick={save} data-testid="save-signature">{t('desk.saveSignature')}</button>
      </div>
    </div>
  );
}
