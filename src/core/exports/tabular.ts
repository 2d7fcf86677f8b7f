// CSV (UTF-8 with BOM, so Excel on Chinese Windows opens it right) and XLSX
// from the same header + rows. Text stays text (学号 keeps its leading zeros,
// ticket numbers and ID-like codes are never turned into numbers); counts and
// amounts are numbers, so Excel's SUM adds them.
import XLSX from '@e965/xlsx';

export type Cell = string | number;
export type Table = {
  header: string[];
  rows: Cell[][];
  /** Excel number format per column for its numeric cells, e.g. '0.00' for yuan. */
  formats?: (string | undefined)[];
};

/** Yuan with two decimals: the number format of amounts. */
export const YUAN = '0.00';

const csvCell = (v: string) => (/[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** A cell as text: what the CSV holds and the PDF prints. */
export function cellText(v: Cell | undefined, format?: string): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  return format === YUAN ? v.toFixed(2) : String(v);
}

export function toCsv(t: Table): Buffer {
  const lines = [t.header, ...t.rows.map((r) => r.map((v, i) => cellText(v, t.formats?.[i])))].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet per entry: strings are text cells (type `s`), numbers numeric cells (type `n`) with the column's format. */
export function toXlsx(sheets: { name: string; table: Table }[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const { name, table } of sheets) {
    const ws = XLSX.utils.aoa_to_sheet([table.header, ...table.rows]);
    table.formats?.forEach((z, c) => {
      if (!z) return;
      for (let r = 1; r <= table.rows.length; r++) {
        const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
        if (cell?.t === 'n') cell.z = z;
      }
    });
    ws['!cols'] = table.header.map((h, i) => ({
      wch: Math.min(40, Math.max(h.length * 2 + 2, ...table.rows.map((r) => cellText(r[i], table.formats?.[i]).length * 2))),
    }));
    XLSX.utils.book_append_sheet(wb, ws, name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
