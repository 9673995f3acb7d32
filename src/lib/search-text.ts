import { invalid } from "./errors";
import { isUuid } from "./ids";

/*
 * The text a combobox's search route is given (docs/screens.md#async-combobox): one `q`,
 * trimmed, no longer than any name worth typing; at most SEARCH_MATCH_LIMIT matches answer it.
 */

/** At most this many matches per answer: the combobox lists them, the person types more to narrow. */
export const SEARCH_MATCH_LIMIT = 20;
/** Longer than any name or id worth typing; a longer `q` is refused, naming the field. */
export const SEARCH_MAX_LENGTH = 100;

/** `q` trimmed; an overlong one is refused as bad input naming `q` (a 400, never a 500). */
export function searchText(q: string): string {
  const text = q.trim();
  if (text.length > SEARCH_MAX_LENGTH) {
    throw invalid(`Search (q) is too long: type at most ${SEARCH_MAX_LENGTH} characters.`, { q: [`Type at most ${SEARCH_MAX_LENGTH} characters.`] });
  }
  return text;
}

/** The one `q` of a search URL ("" when absent); given twice, it is refused naming `q`. */
export function searchParam(url: string): string {
  const values = new URL(url).searchParams.getAll("q");
  if (values.length > 1) throw invalid("Search (q) was given more than once.", { q: ["Give one search."] });
  return values[0] ?? "";
}

/**
 * A search URL's id parameter that narrows the matches (`notInGroup=<group>`, `owner=<account>`):
 * absent → undefined (refused when `required`); given twice or not an id, refused naming it.
 * `what` names the record in the message ("Group" → "Give one group id.").
 */
export function idParam(url: string, name: string, what: string, options: { required: true }): string;
export function idParam(url: string, name: string, what: string, options?: { required?: boolean }): string | undefined;
export function idParam(url: string, name: string, what: string, options: { required?: boolean } = {}): string | undefined {
  const values = new URL(url).searchParams.getAll(name);
  const value = values[0];
  if (values.length > 1 || (value === undefined ? options.required : !isUuid(value))) {
    const noun = what.toLowerCase();
    throw invalid(`${what} (${name}) must be one ${noun} id.`, { [name]: [`Give one ${noun} id.`] });
  }
  return value;
}
