"use client";

import { useEffect } from "react";

/** Never shows the error itself: only a reference the operator can find in the logs. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <main className="grid min-h-[60vh] place-items-center px-4 py-16">
      <div className="text-center">
        <p className="text-sm font-semibold text-red-700">500</p>
        <h1 className="mt-2 text-2xl font-semibold text-slate-900">Something went wrong</h1>
        <p className="mt-2 text-sm text-slate-600">
          Nothing was changed. Try again; if it keeps happening, contact support
          {error.digest ? ` with reference ${error.digest}` : ""}.
        </p>
        <button
          type="button"
          onClick={reset}
          className="mt-6 rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Try again
        </button>
      </div>
    </main>
  );
}
