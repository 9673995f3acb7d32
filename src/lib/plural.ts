/** A countable thing's words: "run" / "runs", "entry" / "entries" (docs/screens.md#labels: counts agree with their noun). */
export interface Noun {
  one: string;
  many: string;
}

/** The words of a noun whose plural takes an "s" unless told otherwise. */
export function noun(one: string, many = `${one}s`): Noun {
  return { one, many };
}

const number = new Intl.NumberFormat("en-US");

/**
 * The word for `count` things: singular for exactly one, plural otherwise (0, 2, …),
 * and plural for a capped count ("10,000+ runs", docs/lists.md#totals).
 */
export function nounFor(count: number, words: Noun, capped = false): string {
  return count === 1 && !capped ? words.one : words.many;
}

/** "1 run", "2 runs", "1,234 runs", "10,000+ runs". */
export function formatCount(count: number, words: Noun, capped = false): string {
  return `${number.format(count)}${capped ? "+" : ""} ${nounFor(count, words, capped)}`;
}
