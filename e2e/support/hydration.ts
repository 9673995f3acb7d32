import type { Locator } from "@playwright/test";

/**
 * Waits until React has hydrated the element (it carries React's fiber key).
 * Client components' handlers (onSubmit, onClick) only run after that; a form
 * submitted earlier would be posted natively.
 */
export async function waitForHydration(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: "attached", timeout });
  await locator.first().evaluate(
    (element, limit) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          if (Object.keys(element).some((key) => key.startsWith("__reactFiber$"))) resolve();
          else if (Date.now() - started > limit) reject(new Error("The page did not hydrate."));
          else setTimeout(check, 25);
        };
        check();
      }),
    timeout,
  );
}
