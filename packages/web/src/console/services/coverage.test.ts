import type { CoverageEntry, CoverageRejection } from '@brigade/protocol';
import { describe, expect, test } from 'vitest';
import { translator } from '../../i18n/i18n.js';
import { ApiError } from '../../shared/api.js';
import { placeName } from '../../shared/place-name.js';
import { coverageRejection, fileTooLarge, filterCoverage, importSummary, lineErrorText, rejectionTitle } from './coverage.js';

const t = translator('fr');

const rejection = (lineErrors: CoverageRejection['lineErrors'], lineErrorCount = lineErrors.length): CoverageRejection => ({
  code: 'request/invalid',
  message: 'Invalid request.',
  lineErrors,
  lineErrorCount,
});

describe('a refused import', () => {
  test('is read from the error body, and only from a refused import', () => {
    const body = rejection([{ line: 3, value: '3500', problem: 'malformed' }]);
    expect(coverageRejection(new ApiError('request/invalid', undefined, [], body))).toEqual(body);
    expect(coverageRejection(new ApiError('request/invalid', undefined, [], { code: 'request/invalid', message: 'x' }))).toBeNull();
    expect(coverageRejection(new ApiError('service/not_found', undefined, [], body))).toBeNull();
    expect(coverageRejection(new Error('request/invalid'))).toBeNull();
  });

  test('says which lines to correct and why', () => {
    expect(lineErrorText(t, { line: 3, value: '3500', problem: 'malformed' })).toBe('Ligne 3 : « 3500 » n’est pas un code postal à 5 chiffres.');
    expect(lineErrorText(t, { line: 4, value: '', problem: 'malformed' })).toBe('Ligne 4 : la première colonne est vide.');
    expect(lineErrorText(t, { line: 9, value: '99999', problem: 'unknown' })).toBe('Ligne 9 : le code postal 99999 n’existe pas.');
    expect(rejectionTitle(t, rejection([{ line: 9, value: '99999', problem: 'unknown' }]))).toBe(
      'Fichier refusé : 1 ligne à corriger. Aucun code postal n’a été modifié.',
    );
    expect(rejectionTitle(t, rejection([{ line: 9, value: '99999', problem: 'unknown' }], 120))).toBe(
      'Fichier refusé : 120 lignes à corriger. Aucun code postal n’a été modifié.',
    );
    expect(rejectionTitle(t, rejection([{ line: 1, value: '', problem: 'empty' }]))).toMatch(/aucun code postal\. Aucun/);
  });
});

test('a successful import says what it changed', () => {
  const service = { id: '00000000-0000-4000-8000-000000000001', name: 'Gendarmerie', postalCodeCount: 12, createdAt: '2026-01-01T00:00:00.000Z' };
  expect(importSummary(t, { service, moved: [], released: 0 })).toBe('Import terminé : « Gendarmerie » couvre maintenant 12 code(s) postal(aux).');
  expect(
    importSummary(t, { service, moved: [{ serviceId: '00000000-0000-4000-8000-000000000002', serviceName: 'Police', postalCodeCount: 3 }], released: 2 }),
  ).toBe('Import terminé : « Gendarmerie » couvre maintenant 12 code(s) postal(aux). Repris au service « Police » : 3. Codes postaux qui ne sont plus couverts : 2.');
});

test('a file over the limit is refused before it is read', () => {
  expect(fileTooLarge(512 * 1024)).toBe(false);
  expect(fileTooLarge(512 * 1024 + 1)).toBe(true);
});

describe('filterCoverage', () => {
  const entries: CoverageEntry[] = [
    { postalCode: '20000', communes: ['Ajaccio'], departement: { code: '2A', name: 'Corse-du-Sud' } },
    { postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
    { postalCode: '35190', communes: ['Cardroc', 'Tinténiac'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
    { postalCode: '97400', communes: ['Saint-Denis'], departement: { code: '974', name: 'La Réunion' } },
    { postalCode: '99100', communes: [], departement: null },
  ];
  const codes = (query: string) => filterCoverage(entries, query).map((e) => e.postalCode);

  test('matches the start of a code, a commune or a département, ignoring accents and case', () => {
    expect(codes('')).toEqual(['20000', '35000', '35190', '97400', '99100']);
    expect(codes('35')).toEqual(['35000', '35190']);
    expect(codes('tinteniac')).toEqual(['35190']);
    expect(codes('  RÉUNION ')).toEqual(['97400']);
    expect(codes('2a')).toEqual(['20000']);
    expect(codes('ille-et')).toEqual(['35000', '35190']);
    expect(codes('Lyon')).toEqual([]);
  });
});

test('a place is named by its communes and département', () => {
  expect(placeName({ communes: ['Rennes'], departement: { name: 'Ille-et-Vilaine' } })).toBe('Rennes (Ille-et-Vilaine)');
  expect(placeName({ communes: ['Cardroc', 'Tinténiac'], departement: { name: 'Ille-et-Vilaine' } })).toBe('Cardroc, Tinténiac (Ille-et-Vilaine)');
  expect(placeName({ communes: ['Ajaccio'], departement: null })).toBe('Ajaccio');
});
