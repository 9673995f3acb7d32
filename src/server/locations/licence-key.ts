import { randomInt } from "node:crypto";

/** Crockford's base32: no I, L, O or U, so a key read aloud or typed from paper is not misread. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const GROUPS = 5;
const GROUP_LENGTH = 5;

/**
 * A new licence key: 25 symbols of 5 bits from the OS's CSPRNG = 125 bits,
 * far beyond guessing (and "Send Key" is throttled besides), e.g. 7KQ2M-XW9TD-….
 */
export function generateLicenceKey(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

/**
 * A key as typed: case, spaces and dashes do not matter, and the letters people
 * confuse with digits (O, I, L) are read as the digits. null when it cannot be a key.
 */
export function normaliseLicenceKey(input: string): string | null {
  const symbols = input
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  if (symbols.length !== GROUPS * GROUP_LENGTH) return null;
  if ([...symbols].some((symbol) => !ALPHABET.includes(symbol))) return null;
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, "g"))!.join("-");
}
