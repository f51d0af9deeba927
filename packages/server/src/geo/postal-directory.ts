// The postal codes of France (overseas included) with their communes and départements, from
// the maintained dataset `@etalab/decoupage-administratif` (INSEE's official geography with La
// Poste's postal codes). Updating the package updates the directory.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { PostalArea, PostalDirectory } from '@brigade/core';
import * as z from 'zod';

const DATASET = '@etalab/decoupage-administratif';

// Only what we use; other fields are dropped. Every field we read is checked, as for any input.
const communesSchema = z.array(
  z.object({
    nom: z.string().min(1),
    type: z.string(),
    departement: z.string().optional(),
    codesPostaux: z.array(z.string()).optional(),
  }),
);
const departementsSchema = z.array(z.object({ code: z.string().min(1), nom: z.string().min(1) }));

interface Entry {
  communes: string[];
  departement: { code: string; name: string };
}

/**
 * Builds the map postal code → names from the dataset's communes. Current communes name a code;
 * merged-away communes (`commune-deleguee`, `commune-associee`) and municipal arrondissements
 * (Paris 11e…) are left out, so 75011 is "Paris". When a code's communes lie in several
 * départements, the département of most of them is given.
 */
export function buildPostalIndex(communes: unknown, departements: unknown): Map<string, Entry> {
  const names = new Map(departementsSchema.parse(departements).map((d) => [d.code, { code: d.code, name: d.nom }]));
  const byCode = new Map<string, { communes: Set<string>; departements: Map<string, number> }>();
  for (const commune of communesSchema.parse(communes)) {
    if (commune.type !== 'commune-actuelle' || commune.departement === undefined) continue;
    for (const postalCode of commune.codesPostaux ?? []) {
      let entry = byCode.get(postalCode);
      if (!entry) {
        entry = { communes: new Set(), departements: new Map() };
        byCode.set(postalCode, entry);
      }
      entry.communes.add(commune.nom);
      entry.departements.set(commune.departement, (entry.departements.get(commune.departement) ?? 0) + 1);
    }
  }
  const collator = new Intl.Collator('fr');
  const index = new Map<string, Entry>();
  for (const [postalCode, entry] of byCode) {
    // Most communes first; on a tie, the smaller code, so the answer never depends on file order.
    const [code] = [...entry.departements].sort(([a, n], [b, m]) => m - n || a.localeCompare(b))[0] ?? [];
    const departement = code === undefined ? undefined : names.get(code);
    if (departement === undefined) throw new Error(`${DATASET}: postal code ${postalCode} has no known département`);
    index.set(postalCode, { communes: [...entry.communes].sort(collator.compare), departement });
  }
  return index;
}

/**
 * The postal directory read from the dataset on first use (about 10 MB of JSON, parsed once, kept
 * as a map of some 6,300 postal codes). Concurrent first lookups share one load.
 */
export class DatasetPostalDirectory implements PostalDirectory {
  private index: Promise<Map<string, Entry>> | null = null;

  constructor(private readonly load: () => Promise<Map<string, Entry>> = loadDataset) {}

  async lookup(postalCode: string): Promise<PostalArea | undefined> {
    if (this.index === null) {
      this.index = this.load();
      // A failed load (missing package) is retried at the next lookup rather than remembered.
      this.index.catch(() => {
        this.index = null;
      });
    }
    const entry = (await this.index).get(postalCode);
    return entry ? { postalCode, communes: [...entry.communes], departement: { ...entry.departement } } : undefined;
  }
}

// The dataset does not change while the process runs: every directory of the process (several
// servers in one test worker) shares one index.
let shared: Promise<Map<string, Entry>> | null = null;

function loadDataset(): Promise<Map<string, Entry>> {
  if (shared === null) {
    const require = createRequire(import.meta.url);
    const read = async (file: string): Promise<unknown> => JSON.parse(await readFile(require.resolve(`${DATASET}/data/${file}`), 'utf8'));
    shared = (async () => buildPostalIndex(await read('communes.json'), await read('departements.json')))();
    shared.catch(() => {
      shared = null;
    });
  }
  return shared;
}
