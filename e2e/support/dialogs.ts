import { expect, type Page } from "@playwright/test";

/**
 * Answers the portal's confirmation dialog (the shared in-app one: role=dialog, named by its title)
 * after checking it says `text`, that focus is inside it and, when `escape`, that Escape closes it.
 */
export async function answerConfirmDialog(
  page: Page,
  title: string,
  { text, confirm = true, confirmLabel, escape = false }: { text?: string; confirm?: boolean; confirmLabel?: string; escape?: boolean } = {},
): Promise<void> {
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  if (text) await expect(dialog).toContainText(text);
  // Modal: focus starts inside and stays there.
  await expect.poll(() => dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  if (escape) {
    await page.keyboard.press("Escape");
  } else if (confirm) {
    await dialog.getByRole("button", { name: confirmLabel ?? title, exact: true }).click();
  } else {
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  }
  await expect(dialog).toBeHidden();
}
