/**
 * CSV for the admin's exports, as Excel (and WPS) open it right: UTF-8 with a BOM, CRLF rows,
 * RFC 4180 quoting. Amounts are yuan strings made from integer fen, times are China time. Pure.
 */
import { yuanAmount } from '../../miniprogram/shared/money';

const OFFSET_MS = 8 * 3600_000;

/** The byte-order mark that makes Excel read the file as UTF-8 (else Chinese comes out garbled). */
export const BOM = '\uFEFF';

/** `12.34` / `-0.05` from integer fen (the shared formatter: integer arithmetic only). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`amount is not an integer number of fen: ${fen}`);
  return yuanAmount(fen);
}

/** `YYYY-MM-DD HH:mm:ss` in China time; '' for no time. */
export function chinaDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** A number the exporter formatted itself (an amount in yuan): written as it is, never guarded. */
export interface CsvNumber {
  readonly csvNumber: string;
}

export type CsvValue = string | number | boolean | null | undefined | CsvNumber;

/** An amount cell: yuan from integer fen, a number in the sheet (a debt is `-5.00`, not text). */
export function amountCell(fen: number): CsvNumber {
  return { csvNumber: fenToYuan(fen) };
}

/**
 * One field, quoted when it holds a comma, a quote, CR or LF (quotes doubled). Text that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@` first: CSV injection through a nickname)
 * gets a leading apostrophe; numbers — and amounts the exporter formatted — are written as they are.
 */
export function csvField(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') return v.csvNumber;
  let s = v;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Reads CSV back (RFC 4180): for tests and for checking an export. BOM skipped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith(BOM) ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // CRLF ends the row; the LF is skipped with it
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
