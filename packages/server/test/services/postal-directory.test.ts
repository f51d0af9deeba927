import { describe, expect, it } from 'vitest';
import { buildPostalIndex, DatasetPostalDirectory } from '../../src/geo/postal-directory.js';

describe('the postal directory (real dataset)', () => {
  const directory = new DatasetPostalDirectory();

  it('names metropolitan, Corsican and overseas postal codes', async () => {
    expect(await directory.lookup('75011')).toEqual({ postalCode: '75011', communes: ['Paris'], departement: { code: '75', name: 'Paris' } });
    expect(await directory.lookup('35000')).toEqual({ postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } });
    expect(await directory.lookup('97400')).toEqual({ postalCode: '97400', communes: ['Saint-Denis'], departement: { code: '974', name: 'La Réunion' } });
    expect(await directory.lookup('20000')).toEqual({ postalCode: '20000', communes: ['Ajaccio'], departement: { code: '2A', name: 'Corse-du-Sud' } });
    expect(await directory.lookup('13001')).toMatchObject({ communes: ['Marseille'] });
  });

  it('lists every commune of a shared code in French alphabetical order', async () => {
    const area = await directory.lookup('35190');
    expect(area?.communes.length).toBeGreaterThan(3);
    expect(area?.communes).toEqual([...(area?.communes ?? [])].sort(new Intl.Collator('fr').compare));
    expect(area?.departement).toEqual({ code: '35', name: 'Ille-et-Vilaine' });
  });

  it('knows nothing of codes that do not exist', async () => {
    for (const code of ['00000', '99999', '75000', '20004', '3500', '']) expect(await directory.lookup(code), code).toBeUndefined();
  });

  it('loads the dataset once, even for lookups made at the same time', async () => {
    let loads = 0;
    const counting = new DatasetPostalDirectory(async () => {
      loads += 1;
      return new Map([['35000', { communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } }]]);
    });
    const answers = await Promise.all([counting.lookup('35000'), counting.lookup('35000'), counting.lookup('75011')]);
    expect(answers.map((a) => a?.communes)).toEqual([['Rennes'], ['Rennes'], undefined]);
    await counting.lookup('35000');
    expect(loads).toBe(1);
  });

  it('retries a failed load at the next lookup', async () => {
    let calls = 0;
    const flaky = new DatasetPostalDirectory(async () => {
      calls += 1;
      if (calls === 1) throw new Error('not installed');
      return new Map();
    });
    await expect(flaky.lookup('35000')).rejects.toThrow('not installed');
    expect(await flaky.lookup('35000')).toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('buildPostalIndex', () => {
  const departements = [
    { code: '04', nom: 'Alpes-de-Haute-Provence' },
    { code: '05', nom: 'Hautes-Alpes' },
  ];

  it('keeps current communes only, and gives a shared code the département of most of its communes', () => {
    const index = buildPostalIndex(
      [
        { nom: 'Sisteron', type: 'commune-actuelle', departement: '04', codesPostaux: ['04200'] },
        { nom: 'Ventavon', type: 'commune-actuelle', departement: '05', codesPostaux: ['05300'] },
        { nom: 'Éourres', type: 'commune-actuelle', departement: '05', codesPostaux: ['05300'] },
        { nom: 'Lazer', type: 'commune-actuelle', departement: '05', codesPostaux: ['05300'] },
        { nom: 'Bevons', type: 'commune-actuelle', departement: '04', codesPostaux: ['05300'] },
        { nom: 'Ancienne', type: 'commune-deleguee', departement: '04', codesPostaux: ['04200', '04999'] },
        { nom: 'Sisteron 1er', type: 'arrondissement-municipal', departement: '04', codesPostaux: ['04200'] },
      ],
      departements,
    );
    expect([...index.keys()].sort()).toEqual(['04200', '05300']);
    expect(index.get('04200')).toEqual({ communes: ['Sisteron'], departement: { code: '04', name: 'Alpes-de-Haute-Provence' } });
    expect(index.get('05300')).toEqual({ communes: ['Bevons', 'Éourres', 'Lazer', 'Ventavon'], departement: { code: '05', name: 'Hautes-Alpes' } });
  });

  it('refuses a dataset that is not what it should be', () => {
    expect(() => buildPostalIndex([{ name: 'x' }], departements)).toThrow();
    expect(() => buildPostalIndex([{ nom: 'X', type: 'commune-actuelle', departement: '99', codesPostaux: ['99100'] }], departements)).toThrow(/département/);
  });
});
