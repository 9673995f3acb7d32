/**
 * Module hooks for scripts run outside Next (tsx or plain node): `server-only`
 * resolves to an empty module. The real package throws unless the
 * "react-server" export condition is active; turning that condition on for the
 * whole process would also swap react and react-dom for their server builds,
 * so only this one specifier is redirected. Inside Next the package keeps its
 * job: it breaks the build of any client component that reaches domain code.
 */
const EMPTY_MODULE = "data:text/javascript,export%20%7B%7D%3B";

export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: EMPTY_MODULE, format: "module", shortCircuit: true };
  return nextResolve(specifier, context);
}
