import type { CoverageLineError } from '@brigade/protocol';

/** A postal code read from a coverage file, with the line it came from. */
export interface CsvPostalCode {
  line: number;
  postalCode: string;
}

/** What a coverage file says: its distinct postal codes, and the lines that are not one. */
export interface CoverageCsv {
  postalCodes: CsvPostalCode[];
  errors: CoverageLineError[];
}

const SEPARATORS = new Set([';', ',', '\t']);

/** The first field of a CSV line: up to the first separator, or a double-quoted field. */
function firstField(line: string): string {
  if (line.startsWith('"')) {
    let value = '';
    for (let i = 1; i < line.length; i += 1) {
      const ch = line.charAt(i);
      if (ch !== '"') value += ch;
      else if (line.charAt(i + 1) === '"') {
        value += '"';
        i += 1;
      } else return value;
    }
    return value;
  }
  let end = 0;
  while (end < line.length && !SEPARATORS.has(line.charAt(end))) end += 1;
  return line.slice(0, end);
}

/**
 * Reads a coverage file as administrators export it from a spreadsheet: one postal code per line
 * in the first column, optionally followed by other columns (commune name…) after `;`, `,` or a
 * tab; a header line (a first line whose first field has no digit), blank lines, a byte-order
 * mark, quotes and spaces inside the code are tolerated. A code listed twice counts once. Only
 * the form is checked here; whether each code exists is the directory's business.
 */
export function parseCoverageCsv(text: string): CoverageCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const postalCodes: CsvPostalCode[] = [];
  const errors: CoverageLineError[] = [];
  const seen = new Set<string>();
  let first = true;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const field = firstField(line).trim();
    const isHeader = first && !/\d/.test(field);
    first = false;
    if (isHeader) return;
    const postalCode = field.replace(/\s+/g, '');
    if (!/^\d{5}$/.test(postalCode)) {
      errors.push({ line: index + 1, value: field.slice(0, 20), problem: 'malformed' });
      return;
    }
    if (seen.has(postalCode)) return;
    seen.add(postalCode);
    postalCodes.push({ line: index + 1, postalCode });
  });
  if (postalCodes.length === 0 && errors.length === 0) errors.push({ line: 1, value: '', problem: 'empty' });
  return { postalCodes, errors };
}
