import type { PostalArea, PostalDirectory } from '../services/postal-directory.js';

const AREAS: PostalArea[] = [
  { postalCode: '13001', communes: ['Marseille'], departement: { code: '13', name: 'Bouches-du-Rhône' } },
  { postalCode: '20000', communes: ['Ajaccio'], departement: { code: '2A', name: 'Corse-du-Sud' } },
  { postalCode: '29200', communes: ['Brest'], departement: { code: '29', name: 'Finistère' } },
  { postalCode: '35000', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
  { postalCode: '35200', communes: ['Rennes'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
  { postalCode: '35400', communes: ['Saint-Malo'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
  { postalCode: '35190', communes: ['Cardroc', 'La Baussaine', 'Tinténiac'], departement: { code: '35', name: 'Ille-et-Vilaine' } },
  { postalCode: '75001', communes: ['Paris'], departement: { code: '75', name: 'Paris' } },
  { postalCode: '75011', communes: ['Paris'], departement: { code: '75', name: 'Paris' } },
  { postalCode: '97400', communes: ['Saint-Denis'], departement: { code: '974', name: 'La Réunion' } },
];

/** A small directory standing in for the dataset in unit tests (extend it with `add`). */
export class FakePostalDirectory implements PostalDirectory {
  private readonly areas = new Map(AREAS.map((a) => [a.postalCode, a]));

  async lookup(postalCode: string): Promise<PostalArea | undefined> {
    const area = this.areas.get(postalCode);
    return area ? { ...area, communes: [...area.communes], departement: { ...area.departement } } : undefined;
  }

  add(area: PostalArea): void {
    this.areas.set(area.postalCode, area);
  }
}
