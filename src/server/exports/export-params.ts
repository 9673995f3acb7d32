import { invalid } from "@/lib/errors";

/** Parameters every export takes besides its own: the format, and the list's paging, which a file ignores. */
const SHARED = new Set(["format", "page", "pageSize"]);

/** `from`/`to` and `<name>From`/`<name>To`: a range whose start is after its end is refused. */
function rangeEnds(params: Record<string, string | undefined>): [string, string][] {
  return Object.keys(params).flatMap((key): [string, string][] => {
    if (key === "from") return [["from", "to"]];
    const match = /^(.+)From$/.exec(key);
    return match ? [[key, `${match[1]}To`]] : [];
  });
}

/**
 * An export's query, checked against what the export understood of it
 * (docs/exports.md): a list page falls back to defaults on a value it does not
 * know, but a file must not silently hold something else than was asked for.
 * `understood` is the export's reading of its parameters (for a list, its
 * `…FiltersToParams` of the parsed filters); a parameter it does not name, or
 * names with another value, is refused with a 400 naming it. Runs before the
 * response starts.
 */
export function assertExportParams(params: URLSearchParams, understood: Record<string, string | undefined>): void {
  for (const key of new Set(params.keys())) {
    if (SHARED.has(key)) continue;
    if (!(key in understood)) {
      throw invalid(`This export takes no parameter "${key}".`, { [key]: ["Not a parameter of this export."] });
    }
    const values = params.getAll(key);
    if (values.length > 1) throw invalid(`Give "${key}" once.`, { [key]: ["Given more than once."] });
    const asked = values[0]!.trim();
    if (asked !== "" && asked !== understood[key]) {
      throw invalid(`"${key}" has a value this export does not accept.`, { [key]: ["Not a value this list offers."] });
    }
  }
  for (const [start, end] of rangeEnds(understood)) {
    const from = understood[start];
    const to = understood[end];
    if (from && to && from > to) {
      throw invalid(`"${end}" is before "${start}".`, { [end]: [`Choose a day on or after ${from}.`] });
    }
  }
}
