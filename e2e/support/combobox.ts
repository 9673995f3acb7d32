import { expect, type Locator } from "@playwright/test";
import { waitForHydration } from "./hydration";

/**
 * A form's combobox field (docs/screens.md#async-combobox): a button with role combobox named by
 * the field's label alone; its text is the current choice.
 */
export function comboboxField(scope: { getByRole: Locator["getByRole"] }, label: string): Locator {
  return scope.getByRole("combobox", { name: label, exact: true });
}

/**
 * Chooses an option of a combobox field with the keyboard, as a person would: focus the field,
 * Enter opens its search (focus in the search box), type, ↓ to the match, Enter picks it. The
 * popover closes, focus returns to the field, which then shows the choice. `type` is sent to
 * the server as `q`; `option` names the option (its label, then its hint). `beforeChoosing` runs
 * with the match highlighted (e.g. a screenshot of the open combobox).
 */
export async function chooseInCombobox(
  field: Locator,
  { type, option, beforeChoosing }: { type: string; option: string | RegExp; beforeChoosing?: () => Promise<void> },
): Promise<void> {
  const page = field.page();
  await waitForHydration(field);
  const label = (await field.evaluate((element) => element.getAttribute("aria-labelledby")?.split(" ").map((id) => document.getElementById(id)?.textContent ?? "").join(" "))) ?? "";
  await field.focus();
  await page.keyboard.press("Enter");
  const popover = page.getByRole("dialog", { name: label, exact: true });
  await expect(popover.getByRole("combobox")).toBeFocused();
  // The options come from the server once typing pauses: wait for the answer to what was typed.
  const answered = page.waitForResponse((response) => new URL(response.url()).searchParams.get("q") === type.trim());
  await page.keyboard.type(type);
  await answered;
  const match = popover.getByRole("option", { name: option });
  await expect(match).toBeVisible();
  for (let step = 0; step < 25 && (await match.getAttribute("aria-selected")) !== "true"; step++) await page.keyboard.press("ArrowDown");
  await expect(match).toHaveAttribute("aria-selected", "true");
  await beforeChoosing?.();
  await page.keyboard.press("Enter");
  await expect(popover).toHaveCount(0);
  await expect(field).toBeFocused();
}
