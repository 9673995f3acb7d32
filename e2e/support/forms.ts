import { expect, type Locator, type Page } from "@playwright/test";
import { waitForHydration } from "./hydration";

/**
 * What every visible control of a form holds, by its id or name (hidden inputs excluded), and
 * what each combobox field shows: its choice by name (docs/screens.md#async-combobox).
 */
async function controlValues(form: Locator): Promise<Record<string, string>> {
  return form.evaluate((element) => {
    const values: Record<string, string> = {};
    element.querySelectorAll<HTMLButtonElement>('button[role="combobox"]').forEach((field, index) => {
      values[`combobox#${index}`] = field.textContent ?? "";
    });
    const controls = (element as HTMLFormElement).querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea");
    controls.forEach((control, index) => {
      if (control.type === "hidden" || control.type === "file" || control.type === "submit") return;
      const key = control.id || `${control.name}#${index}`;
      values[key] = control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio") ? String(control.checked) : control.value;
    });
    return values;
  });
}

/**
 * The portal's form contract (docs/screens.md, "Forms"): fill a form (`fill` should move selects
 * off their first option, where the old reset sent them), make one field bad, submit; the form is
 * refused, every control keeps what was entered, and focus is on the first field in error, which
 * is the bad one.
 */
export async function expectRefusedSubmitKeepsValues(
  form: Locator,
  {
    fill,
    bad,
    badValue,
    submit,
  }: { fill: (form: Locator) => Promise<void>; bad: Locator; badValue: string; submit?: Locator },
): Promise<void> {
  await waitForHydration(form);
  await fill(form);
  await bad.fill(badValue);
  const before = await controlValues(form);
  expect(Object.keys(before).length, "controls in the form").toBeGreaterThan(0);
  await (submit ?? form.locator('button[type="submit"]').first()).click();
  await expect(bad).toHaveAttribute("aria-invalid", "true");
  await expect(bad).toBeFocused();
  // It is the first field in error, in reading order.
  expect(await form.evaluate((element) => element.querySelector('[aria-invalid="true"]') === document.activeElement)).toBe(true);
  expect(await controlValues(form)).toEqual(before);
}

/** Picks a select's last option: away from the first, where a reset form used to land. */
export async function chooseLastOption(select: Locator, { optional = false }: { optional?: boolean } = {}): Promise<void> {
  const values = await select.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  if (optional && values.length < 2) return;
  expect(values.length, "options to choose from").toBeGreaterThan(1);
  await select.selectOption(values[values.length - 1]!);
}

/** The form that holds a submit button with this name. */
export function formWithButton(page: Page, name: string): Locator {
  return page.locator("form").filter({ has: page.getByRole("button", { name, exact: true }) });
}
