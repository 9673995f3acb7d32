import { randomBytes } from "node:crypto";

/**
 * A Standard Webhooks signing secret: `whsec_` and 32 random bytes in base64
 * (the spec asks for 24 to 64). Stored as is, because the server signs with it;
 * people see it once, when it is made (docs/webhooks.md#signing).
 */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}
