// A postal code's place in words, as the citizen form and the services page show it.

/** "Rennes (Ille-et-Vilaine)", "Cardroc, La Baussaine, Tinténiac (Ille-et-Vilaine)". */
export function placeName(area: { communes: readonly string[]; departement: { name: string } | null }): string {
  const communes = area.communes.join(', ');
  return area.departement === null ? communes : `${communes} (${area.departement.name})`;
}
