/** What a postal code names: its communes (sorted in French order) and its département. */
export interface PostalArea {
  postalCode: string;
  communes: string[];
  departement: { code: string; name: string };
}

/**
 * The directory of existing postal codes (the server reads a maintained dataset). A code whose
 * communes lie in several départements is given the département of most of them.
 */
export interface PostalDirectory {
  /** The area of a postal code, or undefined when no such code exists. */
  lookup(postalCode: string): Promise<PostalArea | undefined>;
}
