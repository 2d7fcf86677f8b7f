// Signatures are stored as SVG path data in a 300x100 box (the sign-in sheet
// PDF draws them scaled into its signature column).

export const SIGNATURE_BOX = { width: 300, height: 100 } as const;

export interface StrokePoint {
  x: number;
  y: number;
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

/**
 * `M x y L x y …` per stroke, scaled from the pad's size into 300x100 (aspect kept,
 * clamped to the box). A single-point stroke (a dot) becomes a zero-length line.
 */
export function strokesToSvgPath(strokes: readonly (readonly StrokePoint[])[], padWidth: number, padHeight: number): string {
  if (padWidth <= 0 || padHeight <= 0) return '';
  const scale = Math.min(SIGNATURE_BOX.width / padWidth, SIGNATURE_BOX.height / padHeight);
  const clampX = (v: number) => Math.min(SIGNATURE_BOX.width, Math.max(0, v * scale));
  const clampY = (v: number) => Math.min(SIGNATURE_BOX.height, Math.max(0, v * scale));
  const parts: string[] = [];
  for (const stroke of strokes) {
    const first = stroke[0];
    if (!first) continue;
    parts.push(`M ${fmt(clampX(first.x))} ${fmt(clampY(first.y))}`);
    const rest = stroke.length > 1 ? stroke.slice(1) : [first];
    for (const p of rest) parts.push(`L ${fmt(clampX(p.x))} ${fmt(clampY(p.y))}`);
  }
  return parts.join(' ');
}

export const strokesToPath = strokesToSvgPath;
