import { describe, expect, it } from 'vitest';
import { parseCoverageCsv } from './coverage-csv.js';

const codes = (text: string) => parseCoverageCsv(text).postalCodes.map((c) => c.postalCode);

describe('parseCoverageCsv', () => {
  it('reads one postal code per line, with or without other columns, with ; , or tab', () => {
    expect(codes('35000\n35200;Rennes\n35400,Saint-Malo,Ille-et-Vilaine\n29200\tBrest\n')).toEqual(['35000', '35200', '35400', '29200']);
  });

  it('skips a header line, blank lines, a byte-order mark and Windows or old Mac line ends', () => {
    const result = parseCoverageCsv('\uFEFFcode_postal;commune\r\n\r\n35000;Rennes\r\n   \r\n35400;Saint-Malo\r29200;Brest');
    expect(result).toEqual({
      postalCodes: [
        { line: 3, postalCode: '35000' },
        { line: 5, postalCode: '35400' },
        { line: 6, postalCode: '29200' },
      ],
      errors: [],
    });
  });

  it('accepts quoted fields and spaces around or inside the code', () => {
    expect(codes('"Code postal","Commune"\n"35000","Rennes"\n " 75 011 " ;Paris\n"97400";"Saint-Denis, La Réunion"')).toEqual(['35000', '75011', '97400']);
  });

  it('counts a code listed twice once, at its first line', () => {
    expect(parseCoverageCsv('35000\n35400\n35000;Rennes').postalCodes).toEqual([
      { line: 1, postalCode: '35000' },
      { line: 2, postalCode: '35400' },
    ]);
  });

  it('reports every line that is not a postal code, with its number and what it held', () => {
    const result = parseCoverageCsv('cp;commune\n35000\n3500\nRennes;35000\n350000\n1000;lost leading zero\n"";x\n35400');
    expect(result.postalCodes.map((c) => c.postalCode)).toEqual(['35000', '35400']);
    expect(result.errors).toEqual([
      { line: 3, value: '3500', problem: 'malformed' },
      { line: 4, value: 'Rennes', problem: 'malformed' },
      { line: 5, value: '350000', problem: 'malformed' },
      { line: 6, value: '1000', problem: 'malformed' },
      { line: 7, value: '', problem: 'malformed' },
    ]);
  });

  it('takes only the first line without digits as a header', () => {
    expect(parseCoverageCsv('35000\ncode_postal\n').errors).toEqual([{ line: 2, value: 'code_postal', problem: 'malformed' }]);
    // A first line with digits is data, even when wrong.
    expect(parseCoverageCsv('code 2024\n35000').errors).toEqual([{ line: 1, value: 'code 2024', problem: 'malformed' }]);
  });

  it('cuts what it echoes of a long wrong line', () => {
    expect(parseCoverageCsv(`${'9'.repeat(200)};x`).errors).toEqual([{ line: 1, value: '9'.repeat(20), problem: 'malformed' }]);
  });

  it('refuses a file without any postal code', () => {
    for (const text of ['', '\uFEFF', '\n\n  \n', 'code_postal;commune\n']) {
      expect(parseCoverageCsv(text), JSON.stringify(text)).toEqual({ postalCodes: [], errors: [{ line: 1, value: '', problem: 'empty' }] });
    }
  });
});
