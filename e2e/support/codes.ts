import { readFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { AUDIT_ACTION_LABEL } from "../../src/lib/labels";

/** Abbreviations the portal shows on purpose, although they are also stored codes (PDF and CSV: statement file formats). */
const SHOWN_AS_IS = new Set(["PAYG", "NFR", "MSSP", "PDF", "CSV"]);

/** Every value of every enum in the schema: none of them belongs on a screen as it is stored. */
function enumValues(): string[] {
  const schema = readFileSync("prisma/schema.prisma", "utf8");
  const values = new Set<string>();
  for (const block of schema.matchAll(/^enum \w+ \{([^}]*)\}/gm)) {
    for (const line of block[1]!.split("\n")) {
      const value = /^\s*([A-Z][A-Z0-9_]*)\s*$/.exec(line)?.[1];
      if (value && !SHOWN_AS_IS.has(value)) values.add(value);
    }
  }
  return [...values];
}

const CODES = enumValues();
const AUDIT_CODES = Object.keys(AUDIT_ACTION_LABEL);

/**
 * Fails (softly, so one run lists every page) when the page's text holds an internal code: an enum
 * value, anything shaped like one (ENV_NAME, RULE_REASON) or an audit action (licence.started).
 * Text nodes are read as stored, before CSS upper-casing; code samples (pre, code) show the API's
 * own vocabulary and are left out.
 */
export async function expectNoCodesOnScreen(page: Page, label: string): Promise<void> {
  const found = await page.evaluate(
    ({ codes, auditCodes }) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) => (node.parentElement?.closest("script, style, noscript, [hidden], pre, code") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      const hits = new Set<string>();
      const codeSet = new Set(codes);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.nodeValue ?? "";
        // A hyphenated token is a catalogue SKU (GW-ROOM, QSM-MGMT-STD), shown on purpose as the seller's identifier.
        for (const token of text.match(/\b[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)*\b/g) ?? []) {
          if (token.includes("-")) continue;
          if (codeSet.has(token) || (token.includes("_") && /^[A-Z_]+$/.test(token))) hits.add(token);
        }
        for (const code of auditCodes) if (text.includes(code)) hits.add(code);
      }
      return [...hits];
    },
    { codes: CODES, auditCodes: AUDIT_CODES },
  );
  expect.soft(found, `internal codes on ${label}`).toEqual([]);
}
