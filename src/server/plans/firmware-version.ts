import { text } from "@/lib/input-schemas";

/**
 * Gateway firmware versions compare as versions, not strings:
 * R81.20 < R82 = R82.00.00 < R82.10 < R83. Missing parts count as zero.
 */
const PATTERN = /^R(\d{2,3})(?:\.(\d{1,2}))?(?:\.(\d{1,2}))?$/i;

export interface FirmwareVersion {
  major: number;
  minor: number;
  patch: number;
}

export function parseFirmware(text: string): FirmwareVersion | null {
  const match = PATTERN.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0), patch: Number(match[3] ?? 0) };
}

/** A single integer that orders like the version (stored for SQL sorting and filtering). */
export function firmwareRank(version: FirmwareVersion): number {
  return version.major * 10_000 + version.minor * 100 + version.patch;
}

export function compareFirmware(a: string, b: string): number {
  const left = parseFirmware(a);
  const right = parseFirmware(b);
  if (!left || !right) throw new Error(`Not a firmware version: ${!left ? a : b}`);
  return firmwareRank(left) - firmwareRank(right);
}

/** PAYG needs R82.00.00 or higher. */
export const PAYG_MINIMUM_FIRMWARE = "R82.00.00";
export const PAYG_MINIMUM_RANK = firmwareRank(parseFirmware(PAYG_MINIMUM_FIRMWARE)!);

export function supportsPayg(firmware: string): boolean {
  const version = parseFirmware(firmware);
  return version !== null && firmwareRank(version) >= PAYG_MINIMUM_RANK;
}

export const firmwareSchema = text({ error: "Enter the firmware version." })
  .trim()
  .refine((value) => parseFirmware(value) !== null, {
    message: "Enter a firmware version like R81.20, R82, R82.00.00 or R82.10.",
  })
  .transform((value) => value.toUpperCase());
