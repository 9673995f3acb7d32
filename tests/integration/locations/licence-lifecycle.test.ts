import { describe, expect, it } from "vitest";
import { dbDateToIso } from "@/lib/dates";
import { db } from "@/server/db";
import { provisionedLicence } from "../../support/location-factories";

/**
 * The daily licence lifecycle travelling through time (docs/location-licences.md#licence-lifecycle): PENDING_START
 * → IN_USE on the day of the location's 5th connection (start = that day, end =
 * start + years) → CONTRACT_FINALIZED the day after the end date. Each case is
 * a timeline of connections and runs; after each run the status and dates must
 * be exactly these. Runs are scoped to the case's own tenant.
 */

interface Step {
  /** Connections reported by the location's access points: [day, count, sent on (default that evening)]. */
  connect?: [string, number, string?];
  /** Run the lifecycle at this instant and expect this state. */
  run?: string;
  expect?: { status: string; startsOn?: string | null; endsOn?: string | null };
}

const CASES: { name: string; years: number; provisionedAt: string; steps: Step[] }[] = [
  {
    name: "1 year: the 5th connection on the third day starts it; it ends a year later and is finalized the day after",
    years: 1,
    provisionedAt: "2023-01-10T09:00:00Z",
    steps: [
      { connect: ["2023-01-10", 2] },
      { run: "2023-01-10T23:30:00Z", expect: { status: "PENDING_START", startsOn: null, endsOn: null } },
      { connect: ["2023-01-11", 2] },
      { run: "2023-01-11T23:30:00Z", expect: { status: "PENDING_START", startsOn: null } },
      { connect: ["2023-01-12", 1] },
      { run: "2023-01-12T23:30:00Z", expect: { status: "IN_USE", startsOn: "2023-01-12", endsOn: "2024-01-12" } },
      { connect: ["2023-01-13", 30] },
      { run: "2023-01-14T00:10:00Z", expect: { status: "IN_USE", startsOn: "2023-01-12", endsOn: "2024-01-12" } },
      { run: "2024-01-12T23:59:00Z", expect: { status: "IN_USE", endsOn: "2024-01-12" } },
      { run: "2024-01-13T00:01:00Z", expect: { status: "CONTRACT_FINALIZED", startsOn: "2023-01-12", endsOn: "2024-01-12" } },
      { run: "2024-02-13T00:01:00Z", expect: { status: "CONTRACT_FINALIZED", startsOn: "2023-01-12", endsOn: "2024-01-12" } },
    ],
  },
  {
    name: "a late 5th connection: four in January, the fifth in June starts it in June",
    years: 2,
    provisionedAt: "2022-01-03T08:00:00Z",
    steps: [
      { connect: ["2022-01-03", 4] },
      { run: "2022-01-04T01:00:00Z", expect: { status: "PENDING_START", startsOn: null } },
      { run: "2022-05-31T01:00:00Z", expect: { status: "PENDING_START", startsOn: null } },
      { connect: ["2022-06-07", 1] },
      { run: "2022-06-08T01:00:00Z", expect: { status: "IN_USE", startsOn: "2022-06-07", endsOn: "2024-06-07" } },
    ],
  },
  {
    name: "the 5th connection reported late (telemetry sent two days after) still starts it on the day it happened",
    years: 1,
    provisionedAt: "2022-03-01T08:00:00Z",
    steps: [
      { connect: ["2022-03-01", 4] },
      { run: "2022-03-02T01:00:00Z", expect: { status: "PENDING_START" } },
      { run: "2022-03-03T01:00:00Z", expect: { status: "PENDING_START" } },
      { connect: ["2022-03-02", 1, "2022-03-03"] },
      { run: "2022-03-04T01:00:00Z", expect: { status: "IN_USE", startsOn: "2022-03-02", endsOn: "2023-03-02" } },
    ],
  },
  {
    name: "connections before the key was sent do not count",
    years: 1,
    provisionedAt: "2022-04-10T08:00:00Z",
    steps: [
      { connect: ["2022-04-05", 50] },
      { run: "2022-04-11T01:00:00Z", expect: { status: "PENDING_START", startsOn: null } },
      { connect: ["2022-04-12", 5] },
      { run: "2022-04-13T01:00:00Z", expect: { status: "IN_USE", startsOn: "2022-04-12", endsOn: "2023-04-12" } },
    ],
  },
  {
    name: "5 years, started on a leap day: ends 2029-02-28 (no 29 February in 2029)",
    years: 5,
    provisionedAt: "2024-02-28T08:00:00Z",
    steps: [
      { connect: ["2024-02-29", 5] },
      { run: "2024-03-01T01:00:00Z", expect: { status: "IN_USE", startsOn: "2024-02-29", endsOn: "2029-02-28" } },
      { run: "2029-02-28T23:00:00Z", expect: { status: "IN_USE" } },
      { run: "2029-03-01T00:30:00Z", expect: { status: "CONTRACT_FINALIZED", startsOn: "2024-02-29", endsOn: "2029-02-28" } },
    ],
  },
  {
    name: "4 years from a leap day land on the next leap day",
    years: 4,
    provisionedAt: "2024-02-29T08:00:00Z",
    steps: [
      { connect: ["2024-02-29", 6] },
      { run: "2024-02-29T23:00:00Z", expect: { status: "IN_USE", startsOn: "2024-02-29", endsOn: "2028-02-29" } },
      { run: "2028-03-01T00:30:00Z", expect: { status: "CONTRACT_FINALIZED" } },
    ],
  },
  {
    name: "1 year from a leap day ends on 28 February",
    years: 1,
    provisionedAt: "2020-02-29T08:00:00Z",
    steps: [
      { connect: ["2020-02-29", 5] },
      { run: "2020-03-01T00:30:00Z", expect: { status: "IN_USE", startsOn: "2020-02-29", endsOn: "2021-02-28" } },
      { run: "2021-03-01T00:30:00Z", expect: { status: "CONTRACT_FINALIZED" } },
    ],
  },
  {
    name: "after long downtime one run starts it on the right day and, its end being past, finalizes it",
    years: 1,
    provisionedAt: "2019-05-02T08:00:00Z",
    steps: [
      { connect: ["2019-05-20", 5] },
      { run: "2020-07-01T00:30:00Z", expect: { status: "CONTRACT_FINALIZED", startsOn: "2019-05-20", endsOn: "2020-05-20" } },
    ],
  },
];

describe("location licence lifecycle through time", () => {
  for (const testCase of CASES) {
    it(testCase.name, async () => {
      const world = await provisionedLicence({ label: "life", years: testCase.years, provisionedAt: testCase.provisionedAt });
      expect((await world.reload()).status).toBe("PENDING_START");
      for (const step of testCase.steps) {
        if (step.connect) await world.connect(...step.connect);
        if (step.run) {
          await world.run(step.run);
          const licence = await world.reload();
          const actual = {
            status: licence.status,
            startsOn: licence.startsOn ? dbDateToIso(licence.startsOn) : null,
            endsOn: licence.endsOn ? dbDateToIso(licence.endsOn) : null,
          };
          expect(actual, `after the run at ${step.run}`).toMatchObject(step.expect!);
        }
      }
    });
  }

  it("is idempotent: the same run twice starts and finalizes once, with one audit entry each", async () => {
    const world = await provisionedLicence({ label: "idem", years: 1, provisionedAt: "2021-06-01T08:00:00Z" });
    await world.connect("2021-06-01", 5);
    const first = await world.run("2021-06-02T00:30:00Z");
    const second = await world.run("2021-06-02T00:30:00Z");
    expect([first.licencesStarted, second.licencesStarted]).toEqual([1, 0]);
    const [finalized, again] = [await world.run("2022-06-02T00:30:00Z"), await world.run("2022-06-02T12:00:00Z")];
    expect([finalized.licencesFinalized, again.licencesFinalized]).toEqual([1, 0]);
    const trail = await db.auditEvent.findMany({ where: { objectId: world.licence.id }, orderBy: { id: "asc" } });
    expect(trail.map((event) => event.action)).toEqual(["licence.generated", "licence.provisioned", "licence.started", "licence.finalized"]);
    expect(trail[2]).toMatchObject({ actorLabel: "system:licence-lifecycle", after: { status: "IN_USE", startsOn: "2021-06-01", endsOn: "2022-06-01" } });
  });

  it("a hospitality location's licence starts from its access points' connections too", async () => {
    const world = await provisionedLicence({ label: "hotel", years: 3, provisionedAt: "2021-09-01T08:00:00Z", sector: "HOSPITALITY" });
    expect(world.licence).toMatchObject({ maxRooms: 40, maxAccessPoints: null });
    await world.connect("2021-09-02", 5);
    await world.run("2021-09-03T00:30:00Z");
    const licence = await world.reload();
    expect([licence.status, dbDateToIso(licence.startsOn!), dbDateToIso(licence.endsOn!)]).toEqual(["IN_USE", "2021-09-02", "2024-09-02"]);
  });
});
