import { AppError } from "@/lib/errors";

/** Serial numbers are unique across all gateways (a unique key); this is the person's message when one is taken. */
export const serialTaken = () =>
  new AppError("CONFLICT", "A gateway with that serial number is already registered.", {
    reason: "SERIAL_TAKEN",
    fieldErrors: { serialNumber: ["A gateway with that serial number is already registered."] },
  });
