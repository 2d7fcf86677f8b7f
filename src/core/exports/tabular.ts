// CSV (UTF-8 with BOM, so Excel on Chinese Windows opens it right) and XLSX
// from the same header + rows; every cell is text so 学号 keeps its leading zeros.
import XLSX from '@e965/xlsx';

export type Table = { header: string[]; rows: string[][] };

const csvCell = (v: string) => (/[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function toCsv(t: Table): Buffer {
  const lines = [t.header, ...t.rows].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One sheet per entry; cells are strings (type `s`), never numbers that Excel would reformat. */
export function toXlsx(sheets: { name: string; table: Table }[]): Buffer {
  const wb = XLSX.utils.book_new();
  for (const { name, table } of sheets) {
    const ws = XLSX.utils.aoa_to_sheet([table.header, ...table.rows]);
    ws['!cols'] = table.header.map((h, i) => ({
      wch: Math.min(40, Math.max(h.length * 2 + 2, ...table.rows.map((r) => (r[i] ?? '').length * 2))),
    }));
    XLSX.utils.book_append_sheet(wb, ws, name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '));
  }
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
