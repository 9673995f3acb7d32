import bcrypt from "bcryptjs";

// bcrypt cost: 11 in production; tests may lower it through BCRYPT_ROUNDS.
const ROUNDS = Number(process.env.BCRYPT_ROUNDS ?? 11);

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the email is unknown, so both paths cost the same time.
const DUMMY_HASH = bcrypt.hashSync("not-a-real-password", ROUNDS);

export async function burnPasswordCheck(password: string): Promise<void> {
  await bcrypt.compare(password, DUMMY_HASH);
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** A temporary password for a newly added user, shown once to the admin who added them. */
export function generateTemporaryPassword(length = 16): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (byte) => ALPHABET[byte % ALPHABET.length]).join("");
}
