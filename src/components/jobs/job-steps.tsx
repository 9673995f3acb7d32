import type { JobRunRow } from "@/server/jobs/list-job-runs";

/** What each count of a run means, in the words of the screens. */
const COUNT_LABELS: Record<string, string> = {
  daysMetered: "Days metered",
  monthsRolledUp: "Months rolled up",
  packageMonthsRolledUp: "Package months rolled up",
  trialsConverted: "Trials converted",
  statusesUpdated: "Contract statuses updated",
  archived: "Contracts archived",
  trialsActivated: "Ended trials activated",
  contractNoticesQueued: "Contract notices queued",
  contractNoticesSkipped: "Contract notices skipped",
  licencesStarted: "Licences started",
  licencesFinalized: "Licences finalized",
  licenceNoticesQueued: "Licence notices queued",
  licenceNoticesSkipped: "Licence notices skipped",
  devicesPurged: "Devices purged",
  endUsersPurged: "End users purged",
  poolsRenewed: "Pools renewed",
  renewalShortfalls: "Renewal shortfalls",
};

/** A count without a label of its own ("someCount") reads as words ("Some count"). */
export function countLabel(key: string): string {
  return COUNT_LABELS[key] ?? sentence(key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase());
}

/** Steps are named in lower case in code ("meter days"); a screen shows "Meter days". */
const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Short steps in milliseconds, longer ones in seconds to a tenth, like the run's own duration. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The steps of one run, in order, each with its duration and counts; a running run ends with the step in hand. */
export function JobSteps({ run }: { run: JobRunRow }) {
  const inHand = run.stepInHand;
  return (
    <table className="min-w-full text-xs">
      <caption className="sr-only">{`Steps of ${run.job} ${run.period}`}</caption>
      <thead className="text-left text-slate-600">
        <tr>
          <th scope="col" className="py-0.5 pr-3 font-semibold">Step</th>
          <th scope="col" className="py-0.5 pr-3 font-semibold">Duration</th>
          <th scope="col" className="py-0.5 font-semibold">Counts</th>
        </tr>
      </thead>
      <tbody>
        {run.steps.map((step) => (
          <tr key={step.step} className="align-top">
            <th scope="row" className="py-0.5 pr-3 text-left font-medium">{sentence(step.step)}</th>
            <td className="whitespace-nowrap py-0.5 pr-3">
              {step.failed ? <span className="text-red-800">failed after {formatDuration(step.durationMs)}</span> : formatDuration(step.durationMs)}
            </td>
            <td className="py-0.5">
              {Object.entries(step.counts)
                .map(([key, value]) => `${countLabel(key)}: ${value}`)
                .join(", ")}
            </td>
          </tr>
        ))}
        {inHand && (
          <tr className="align-top">
            <th scope="row" className="py-0.5 pr-3 text-left font-medium">{sentence(inHand)}</th>
            <td className="py-0.5 pr-3">running</td>
            <td className="py-0.5" />
          </tr>
        )}
      </tbody>
    </table>
  );
}
