import { redirect } from "next/navigation";
import { getCurrentActor } from "@/server/auth/current-actor";

/** Home: the top account of the caller's first membership, or sign-in. */
export default async function HomePage() {
  const actor = await getCurrentActor();
  if (!actor) redirect("/sign-in");
  const top = [...actor.grants].sort((a, b) => a.accountPath.length - b.accountPath.length)[0]!;
  redirect(`/a/${top.accountId}`);
}
