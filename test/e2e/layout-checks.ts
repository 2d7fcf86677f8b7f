// Layout facts asserted in the browser, computed from the rendered page and its
// computed styles: nothing sticks out sideways, buttons are big enough and (where
// asked) on screen and not covered, and every text is at least 4.5:1 on what is behind it.
import type { Page } from 'playwright-core';

export interface LayoutOptions {
  /** Every button and link must be inside the viewport and be what a tap there hits (no scrolling, nothing on top). */
  buttonsOnScreen?: boolean;
  /** Minimum contrast of text (WCAG AA for body text). */
  minContrast?: number;
  /** Minimum height and width of buttons and links, CSS px. */
  minTarget?: number;
}

/** Plain-words problems found on the page as it is now; [] when the layout holds. */
export async function layoutProblems(page: Page, opts: LayoutOptions = {}): Promise<string[]> {
  return page.evaluate(
    ({ buttonsOnScreen, minContrast, minTarget }) => {
      const problems: string[] = [];
      const W = window.innerWidth;
      const H = window.innerHeight;
      const describe = (el: Element) => {
        const id = el.getAttribute('data-testid');
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24);
        return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ').filter(Boolean).join('.')}` : ''} "${text}"`;
      };
      const visible = (el: Element) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.display === 'none' || s.visibility === 'hidden') return false;
        }
        return true;
      };
      /** The nearest ancestor that scrolls sideways: content inside it may be wider than the screen. */
      const scrollsSideways = (el: Element) => {
        for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
          const ox = getComputedStyle(e).overflowX;
          if (ox === 'auto' || ox === 'scroll') return true;
        }
        return false;
      };
      const all = [...document.body.querySelectorAll('*')].filter((el) => !(el instanceof SVGElement) || el instanceof SVGSVGElement);

      // 1. Nothing sticks out sideways (body hides overflow, so it would simply be cut off).
      for (const el of all) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if ((r.right > W + 1 || r.left < -1) && !scrollsSideways(el)) problems.push(`sticks out sideways (${Math.round(r.left)}..${Math.round(r.right)} of ${W}): ${describe(el)}`);
      }

      // 2. Nothing is cut off by a box that hides its overflow (a TV cannot scroll): text and
      // controls lie inside every ancestor that clips (text-overflow: ellipsis clips inside the element itself).
      for (const el of all) {
        if (!visible(el)) continue;
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!ownText && !el.matches('button, a[href], input, select, canvas')) continue;
        const r = el.getBoundingClientRect();
        let scrolls = false;
        let cut = false;
        for (let e = el.parentElement; e && e !== document.body && !cut; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.overflowY === 'auto' || s.overflowY === 'scroll') scrolls = true;
          const clipsX = s.overflowX === 'hidden' || s.overflowX === 'clip';
          const clipsY = s.overflowY === 'hidden' || s.overflowY === 'clip';
          // A one-line box ending in "…" cuts its text on purpose.
          if ((!clipsX && !clipsY) || s.textOverflow === 'ellipsis') continue;
          const box = e.getBoundingClientRect();
          const outY = clipsY && (r.bottom > box.bottom + 1 || r.top < box.top - 1);
          const outX = clipsX && (r.right > box.right + 1 || r.left < box.left - 1);
          if (outY || outX) {
            problems.push(`cut off by ${describe(e).split(' ')[0]}: ${describe(el)}`);
            cut = true;
          }
        }
        // The body does not scroll: below the screen with no scrolling box around it is out of reach.
        if (!cut && !scrolls && r.bottom > H + 1) problems.push(`below the screen and nothing scrolls to it: ${describe(el)}`);
      }

      // 3. Buttons and links: big enough; on screen and not covered when asked.
      for (const el of document.querySelectorAll('button, a[href]')) {
        if (!visible(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.height < minTarget - 0.5 || r.width < minTarget - 0.5) problems.push(`smaller than ${minTarget} px (${Math.round(r.width)}×${Math.round(r.height)}): ${describe(el)}`);
        // Its words stay inside it (a squeezed button lets its label spill over what follows).
        const range = document.createRange();
        range.selectNodeContents(el);
        const q = range.getBoundingClientRect();
        if (q.width > 0 && (q.bottom > r.bottom + 1 || q.top < r.top - 1 || q.right > r.right + 1 || q.left < r.left - 1)) {
          problems.push(`its words spill out (${Math.round(q.width)}×${Math.round(q.height)} in ${Math.round(r.width)}×${Math.round(r.height)}): ${describe(el)}`);
        }
        if (!buttonsOnScreen) continue;
        if (r.top < -0.5 || r.bottom > H + 0.5 || r.left < -0.5 || r.right > W + 0.5) {
          problems.push(`not on screen without scrolling (${Math.round(r.top)}..${Math.round(r.bottom)} of ${H}): ${describe(el)}`);
          continue;
        }
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (!hit || (hit !== el && !el.contains(hit))) problems.push(`covered or clipped (a tap hits ${hit ? describe(hit) : 'nothing'}): ${describe(el)}`);
      }

      // 4. Text contrast from the computed colours, backgrounds composited up the tree.
      type Rgba = [number, number, number, number];
      const parse = (c: string): Rgba => {
        const m = /rgba?\(([^)]+)\)/.exec(c);
        if (!m?.[1]) return [0, 0, 0, 0];
        const parts = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
        return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, parts[3] ?? 1];
      };
      const over = (top: Rgba, below: Rgba): Rgba => {
        const a = top[3] + below[3] * (1 - top[3]);
        if (a === 0) return [0, 0, 0, 0];
        const mix = (i: number) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / a;
        return [mix(0), mix(1), mix(2), a];
      };
      const background = (el: Element): Rgba => {
        const layers: Rgba[] = [];
        for (let e: Element | null = el; e; e = e.parentElement) {
          const bg = parse(getComputedStyle(e).backgroundColor);
          if (bg[3] > 0) layers.push(bg);
          if (bg[3] >= 1) break;
        }
        return layers.reduceRight<Rgba>((acc, layer) => over(layer, acc), [255, 255, 255, 1]);
      };
      const luminance = ([r, g, b]: Rgba) => {
        const lin = (v: number) => {
          const s = v / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        };
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      };
      const seen = new Set<string>();
      for (const el of all) {
        if (el instanceof SVGElement || el.tagName === 'OPTION' || el.tagName === 'SCRIPT') continue;
        const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!ownText || !visible(el)) continue;
        const style = getComputedStyle(el);
        let opacity = 1;
        for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
        const bg = background(el);
        const fg = parse(style.color);
        const text = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
        const [hi, lo] = [luminance(text), luminance(bg)].sort((a, b) => b - a) as [number, number];
        const ratio = (hi + 0.05) / (lo + 0.05);
        if (ratio < minContrast) {
          const key = `${style.color}/${describe(el)}`;
          if (!seen.has(key)) problems.push(`contrast ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')})): ${describe(el)}`);
          seen.add(key);
        }
      }
      return problems;
    },
    { buttonsOnScreen: opts.buttonsOnScreen ?? false, minContrast: opts.minContrast ?? 4.5, minTarget: opts.minTarget ?? 44 },
  );
}

/** How many lines a label takes (caller buttons: one or two, never a character per line). */
export async function lineCount(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const s = getComputedStyle(el);
      const line = Number.parseFloat(s.lineHeight) || Number.parseFloat(s.fontSize) * 1.5;
      return Math.round(el.getBoundingClientRect().height / line);
    }),
  );
}

/** Whether an input's placeholder fits in its box, measured with the input's own font. */
export async function placeholderFits(page: Page, selector: string): Promise<{ fits: boolean; text: number; box: number }> {
  return page.locator(selector).evaluate((el) => {
    const input = el as HTMLInputElement;
    const s = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) return { fits: false, text: 0, box: 0 };
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const text = ctx.measureText(input.placeholder).width;
    const box = input.clientWidth - Number.parseFloat(s.paddingLeft) - Number.parseFloat(s.paddingRight);
    return { fits: text <= box, text: Math.round(text), box: Math.round(box) };
  });
}
