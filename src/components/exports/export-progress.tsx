"use client";

import { useEffect, useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { formatBytes } from "@/lib/format-bytes";
import type { ExportJobStatus } from "@/server/exports/export-jobs";

const number = new Intl.NumberFormat("en-US");

/**
 * The progress of an export job: polls its status every second while it is
 * waiting or writing, shows rows written of the estimate as a progress bar,
 * then the Download link (or, when it failed, "Try again" with the same export).
 */
export function ExportProgress({
  initial,
  statusUrl,
  downloadUrl,
  retryUrl,
}: {
  initial: ExportJobStatus;
  statusUrl: string;
  downloadUrl: string;
  retryUrl: string;
}) {
  const [job, setJob] = useState(initial);
  const [offline, setOffline] = useState(false);
  const working = job.status === "QUEUED" || job.status === "RUNNING";

  useEffect(() => {
    if (!working) return;
    let stopped = false;
    const timer = setInterval(async () => {
      try {
        const response = await fetch(statusUrl, { cache: "no-store" });
        if (!response.ok) throw new Error(String(response.status));
        const next = (await response.json()) as ExportJobStatus;
        if (!stopped) {
          setJob(next);
          setOffline(false);
        }
      } catch {
        if (!stopped) setOffline(true);
      }
    }, 1000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [working, statusUrl]);

  const percent = job.percent ?? 0;
  const of = job.totalEstimate ? ` of about ${number.format(job.totalEstimate)}` : "";
  return (
    <div className="space-y-4">
      <p className="text-sm font-medium text-slate-900" aria-live="polite">
        {job.label}
        {job.status === "DONE" && ` — ${number.format(job.rowsWritten)} rows${job.bytes !== null ? `, ${formatBytes(job.bytes)}` : ""}`}
      </p>
      {job.status !== "FAILED" && (
        <div>
          <div
            role="progressbar"
            aria-label={`Export of ${job.fileName}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={job.percent ?? undefined}
            // No total for rows only read ahead (docs/exports.md#export-jobs): then the rows written say how far it is.
            aria-valuetext={job.percent !== null ? `${percent}%` : job.rowsWritten > 0 ? `${number.format(job.rowsWritten)} rows written` : "Counting rows"}
            className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
          >
            <div className="h-full rounded-full bg-brand-600 transition-[width] duration-500" style={{ width: `${job.percent === null ? 2 : Math.max(2, percent)}%` }} />
          </div>
          <p className="mt-2 text-sm text-slate-600">
            {number.format(job.rowsWritten)} rows written{of}
            {job.percent !== null && ` (${percent}%)`}
          </p>
        </div>
      )}
      {offline && <p className="text-sm text-amber-800">Cannot reach the portal right now; still trying.</p>}
      {job.status === "DONE" && (
        <a className={buttonClasses("primary")} href={downloadUrl}>
          Download<span className="sr-only"> {job.fileName}</span>
        </a>
      )}
      {job.status === "FAILED" && (
        <div className="space-y-3">
          <p className="text-sm text-red-800">{job.error ?? "The export could not be written. Try again."}</p>
          <a className={buttonClasses("secondary")} href={retryUrl}>
            Try again
          </a>
        </div>
      )}
    </div>
  );
}
