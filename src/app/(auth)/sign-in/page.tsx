import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { portalOrigin, safeCallbackPath } from "@/lib/safe-callback-url";
import { getCurrentActor } from "@/server/auth/current-actor";

export const metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string; error?: string }>;
}) {
  const actor = await getCurrentActor();
  const { callbackUrl } = await searchParams;
  // Only paths of the portal itself: an open redirect would send people elsewhere after signing in.
  const safeCallback = safeCallbackPath(callbackUrl, portalOrigin());
  if (actor) redirect(safeCallback);
  return (
    <main className="grid min-h-screen place-items-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-white">
          <span aria-hidden="true" className="grid h-9 w-9 place-items-center rounded bg-brand-600 text-sm font-semibold">
            ML
          </span>
          <span className="text-lg font-semibold">MSP License Portal</span>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-xl">
          <h1 className="mb-1 text-xl font-semibold text-slate-900">Sign in</h1>
          <p className="mb-5 text-sm text-slate-600">Distributors, partners and their customers.</p>
          <SignInForm callbackUrl={safeCallback} />
        </div>
      </div>
    </main>
  );
}
