import type { FormState } from "@/lib/form-state";

/** The outcome of a form, announced to screen readers. */
export function FormMessage({ state, success }: { state: FormState; success?: string }) {
  if (state.status === "idle") return null;
  const ok = state.status === "ok";
  const text = ok ? (state.message ?? success) : state.message;
  if (!text) return null;
  return (
    <p
      role={ok ? "status" : "alert"}
      className={
        ok
          ? "rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
          : "rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200"
      }
    >
      {text}
    </p>
  );
}
