import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  FUTURE_TOLERANCE_MS,
  MAX_EVENTS_PER_BATCH,
  telemetryBatchSchema,
  validateTelemetryBatch,
  type BatchFault,
} from "@/server/metering/telemetry-input";

/** Validation of a telemetry batch (docs/metering.md#telemetry-ingestion): refused whole, every fault named by event index and field. */

const NOW = new Date("2028-03-15T12:00:00.000Z");

const event = (overrides: Record<string, unknown> = {}) => ({
  deviceId: "laptop-001",
  kind: "ENDPOINT",
  at: "2028-03-15T11:00:00Z",
  ...overrides,
});

function faultsOf(body: unknown, now = NOW): BatchFault[] {
  const result = validateTelemetryBatch(body, now);
  if (!("faults" in result)) throw new Error(`expected faults, got ${result.events.length} events`);
  return result.faults;
}

function eventsOf(body: unknown, now = NOW) {
  const result = validateTelemetryBatch(body, now);
  if ("faults" in result) throw new Error(`expected a valid batch, got ${JSON.stringify(result.faults)}`);
  return result.events;
}

describe("a valid batch", () => {
  it("is returned as events, trimmed, with optional fields left out", () => {
    const accountId = randomUUID();
    const events = eventsOf({
      events: [
        event({ eventId: "  evt-1 ", deviceId: " gw-1 ", kind: "GATEWAY", firmware: " R82.10 ", accountId }),
        event({ kind: "USER_SEAT", at: "2028-03-15T13:00:00+02:00" }),
        event({ kind: "ACCESS_POINT", at: "2028-03-15T11:59:59.123456Z" }),
      ],
    });
    expect(events).toEqual([
      { eventId: "evt-1", deviceId: "gw-1", kind: "GATEWAY", at: "2028-03-15T11:00:00Z", firmware: "R82.10", accountId },
      { deviceId: "laptop-001", kind: "USER_SEAT", at: "2028-03-15T13:00:00+02:00" },
      { deviceId: "laptop-001", kind: "ACCESS_POINT", at: "2028-03-15T11:59:59.123456Z" },
    ]);
  });

  it("holds up to 10,000 events; 10,001 are refused as a whole", () => {
    expect(MAX_EVENTS_PER_BATCH).toBe(10_000);
    const many = (n: number) => ({ events: Array.from({ length: n }, (_, i) => event({ deviceId: `d-${i}` })) });
    expect(eventsOf(many(10_000))).toHaveLength(10_000);
    expect(faultsOf(many(10_001))).toEqual([{ index: -1, field: "events", message: "Send at most 10000 events per batch." }]);
  });

  it("may hold duplicates: they are not a validation fault", () => {
    const same = event({ eventId: "dup" });
    expect(eventsOf({ events: [same, same, event(), event()] })).toHaveLength(4);
  });

  it("accepts the leap day of a leap year and every timezone offset form", () => {
    expect(eventsOf({ events: [event({ at: "2028-02-29T23:59:59Z" })] }, new Date("2028-03-01T00:00:00Z"))).toHaveLength(1);
    expect(eventsOf({ events: [event({ at: "2028-03-16T01:00:00+14:00" }), event({ at: "2028-03-15T01:00:00-10:00" })] })).toHaveLength(2);
  });
});

describe("the shape of the body", () => {
  it("must be an object with a non-empty events list", () => {
    for (const body of [null, [], "events", 42, {}, { events: "x" }]) {
      const faults = faultsOf(body);
      expect(faults.length, JSON.stringify(body)).toBeGreaterThan(0);
      expect(faults.every((fault) => fault.index === -1)).toBe(true);
    }
    expect(faultsOf({ events: [] })).toEqual([{ index: -1, field: "events", message: "Send at least one event." }]);
    expect(faultsOf({}).map((fault) => fault.field)).toEqual(["events"]);
  });

  it("an event that is not an object is named by its index", () => {
    expect(faultsOf({ events: [event(), "nope"] })).toEqual([{ index: 1, field: "events", message: expect.any(String) }]);
  });
});

describe("faults name the event and the field", () => {
  it("an unknown kind", () => {
    const faults = faultsOf({ events: [event(), event(), event({ kind: "TOASTER" })] });
    expect(faults).toEqual([{ index: 2, field: "kind", message: "kind must be one of GATEWAY, ENDPOINT, USER_SEAT, ACCESS_POINT." }]);
  });

  it("a missing or empty device id, an empty event id, a malformed account id, an over-long firmware", () => {
    const faults = faultsOf({
      events: [
        event({ deviceId: undefined }),
        event({ deviceId: "   " }),
        event({ eventId: "" }),
        event({ accountId: "not-a-uuid" }),
        event({ firmware: "R".repeat(41) }),
        event({ deviceId: "x".repeat(129) }),
      ],
    });
    expect(faults.map(({ index, field }) => ({ index, field }))).toEqual([
      { index: 0, field: "deviceId" },
      { index: 1, field: "deviceId" },
      { index: 2, field: "eventId" },
      { index: 3, field: "accountId" },
      { index: 4, field: "firmware" },
      { index: 5, field: "deviceId" },
    ]);
    expect(faults[0]!.message).toBe("deviceId is required.");
    expect(faults[1]!.message).toBe("deviceId is required.");
    expect(faults[3]!.message).toBe("accountId must be an account id (uuid).");
  });

  it.each([
    ["a date without a time", "2028-03-15"],
    ["a time without a timezone", "2028-03-15T11:00:00"],
    ["free text", "yesterday"],
    ["an epoch number", 1836639600000],
    ["the 29th of February of a common year", "2027-02-29T10:00:00Z"],
    ["the 31st of April", "2028-04-31T10:00:00Z"],
    ["hour 24", "2028-03-15T24:00:00Z"],
    ["a missing timestamp", undefined],
  ])("a bad timestamp: %s", (_label, at) => {
    const faults = faultsOf({ events: [event(), event({ at })] });
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ index: 1, field: "at" });
    if (at !== undefined) expect(faults[0]!.message).toBe("at must be an ISO 8601 timestamp with a timezone.");
  });

  it("lists every fault of the batch (up to 100), not just the first", () => {
    const events = Array.from({ length: 150 }, (_, i) => event({ kind: i % 2 ? "TOASTER" : "ENDPOINT" }));
    const faults = faultsOf({ events });
    expect(faults).toHaveLength(75);
    expect(faults.map((fault) => fault.index)).toEqual(Array.from({ length: 75 }, (_, i) => 2 * i + 1));
    const worse = faultsOf({ events: Array.from({ length: 300 }, () => event({ kind: "TOASTER" })) });
    expect(worse).toHaveLength(100);
  });
});

describe("events from the future", () => {
  it("up to 5 minutes ahead are accepted (clock skew), later ones refused with their index", () => {
    expect(FUTURE_TOLERANCE_MS).toBe(5 * 60_000);
    const edge = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS).toISOString();
    const beyond = new Date(NOW.getTime() + FUTURE_TOLERANCE_MS + 1).toISOString();
    expect(eventsOf({ events: [event({ at: edge })] })).toHaveLength(1);
    expect(faultsOf({ events: [event(), event({ at: beyond }), event({ at: "2028-03-16T12:00:00Z" })] })).toEqual([
      { index: 1, field: "at", message: "The event is more than 5 minutes in the future." },
      { index: 2, field: "at", message: "The event is more than 5 minutes in the future." },
    ]);
  });

  it("compare instants, not wall-clock text: +14:00 on the next calendar day is the past", () => {
    // 2028-03-16T01:00+14:00 = 2028-03-15T11:00Z, an hour before NOW.
    expect(eventsOf({ events: [event({ at: "2028-03-16T01:00:00+14:00" })] })).toHaveLength(1);
    // 2028-03-15T05:00-10:00 = 2028-03-15T15:00Z, three hours after NOW.
    expect(faultsOf({ events: [event({ at: "2028-03-15T05:00:00-10:00" })] })).toEqual([
      { index: 0, field: "at", message: "The event is more than 5 minutes in the future." },
    ]);
  });

  it("old events are valid input (lateness is decided at ingestion, not refused)", () => {
    expect(eventsOf({ events: [event({ at: "2020-01-01T00:00:00Z" })] })).toHaveLength(1);
  });
});

describe("the fast reading of well-formed batches", () => {
  // validateTelemetryBatch reads a well-formed batch without the schema; whatever it accepts, the
  // schema must accept too and give the same events (same trim, unknown fields dropped).
  const viaSchema = (body: unknown) => {
    const parsed = telemetryBatchSchema.safeParse(body);
    if (!parsed.success) return "refused";
    const limit = NOW.getTime() + FUTURE_TOLERANCE_MS;
    return parsed.data.events.some((e) => Date.parse(e.at) > limit) ? "refused" : parsed.data.events;
  };
  const result = (body: unknown) => {
    const outcome = validateTelemetryBatch(body, NOW);
    return "faults" in outcome ? "refused" : outcome.events;
  };
  const uuid = randomUUID();
  const text = (max: number) => [
    "",
    " ",
    "  a ",
    "a".repeat(max),
    "a".repeat(max + 1),
    ` ${"a".repeat(max)} `,
    "x\u0000y",
    "a\uD800",
    "\uDC00b",
    "\uD83D\uDE00",
    "\u00A0a\u2003",
    "\uFEFFa",
    "x".repeat(10_001),
    42,
    null,
    undefined,
  ];
  const values: Record<string, unknown[]> = {
    eventId: text(128),
    deviceId: text(128),
    firmware: text(40),
    accountId: [
      uuid,
      uuid.toUpperCase(),
      ` ${uuid}`,
      uuid.replaceAll("-", ""),
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
      "12345678-1234-0234-8234-123456789abc",
      "12345678-1234-9234-8234-123456789abc",
      "12345678-1234-4234-c234-123456789abc",
      "",
      7,
      null,
      undefined,
    ],
    kind: ["GATEWAY", "ENDPOINT", "USER_SEAT", "ACCESS_POINT", "endpoint", " GATEWAY", "TOASTER", "", 1, null, undefined],
    at: [
      "2028-03-15T11:00:00Z",
      "2028-03-15T11:00:00.123456789Z",
      "2028-03-15T13:00:00+02:00",
      "2028-03-15T01:00:00-10:00",
      "2028-03-16T01:00:00+14:00",
      "2028-03-15T11:00:00+24:00",
      "2028-03-15T11:00:00+0200",
      "2028-03-15T11:00Z",
      "2028-03-15 11:00:00Z",
      "2028-03-15t11:00:00z",
      "2028-02-29T10:00:00Z",
      "2027-02-29T10:00:00Z",
      "2028-04-31T10:00:00Z",
      "2028-03-15T24:00:00Z",
      "1999-12-31T23:59:59Z",
      "2000-01-01T00:00:00Z",
      "2100-12-31T23:59:59.999Z",
      "2101-01-01T00:00:00Z",
      new Date(NOW.getTime() + FUTURE_TOLERANCE_MS).toISOString(),
      new Date(NOW.getTime() + FUTURE_TOLERANCE_MS + 1).toISOString(),
      " 2028-03-15T11:00:00Z",
      "2028-03-15",
      1836639600000,
      null,
      undefined,
    ],
  };

  it("agrees with the schema on every field's valid and broken values", () => {
    let accepted = 0;
    for (const [field, list] of Object.entries(values)) {
      for (const value of list) {
        const broken = { ...event({ eventId: "e-1", accountId: uuid, firmware: "R82.10" }), [field]: value };
        for (const body of [{ events: [broken] }, { events: [event(), broken, event()] }]) {
          const expected = viaSchema(body);
          expect(result(body), `${field} = ${JSON.stringify(value)}`).toStrictEqual(expected);
          if (expected !== "refused") accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(40);
  });

  it("agrees on the shape: unknown fields, absent fields, events that are not objects, the list's length", () => {
    const bodies: unknown[] = [
      { events: [event({ colour: "blue" })], extra: true },
      { events: [{ deviceId: "d", kind: "ENDPOINT", at: "2028-03-15T11:00:00Z" }] },
      { events: [{ kind: "ENDPOINT", at: "2028-03-15T11:00:00Z" }] },
      { events: [event(), "x"] },
      { events: [event(), null] },
      { events: [event(), [event()]] },
      { events: [] },
      { events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => event()) },
      { events: Array.from({ length: MAX_EVENTS_PER_BATCH }, () => event()) },
      { events: "x" },
      { events: { 0: event() } },
      [event()],
      null,
      "events",
      {},
    ];
    for (const body of bodies) expect(result(body), JSON.stringify(body).slice(0, 80)).toStrictEqual(viaSchema(body));
  });
});
