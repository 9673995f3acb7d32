import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CheckboxField, SelectField, TextField } from "@/components/ui/field";
import { Form, type FormBinding } from "@/components/ui/form";
import type { FormState } from "@/lib/form-state";

// No JSX: the unit project runs .ts files only.

/** docs/screens.md, "Forms": after a refused submit the shared fields start from what was sent. */
function render(state: FormState) {
  const binding: FormBinding = { state, action: () => {} };
  const options = [
    { value: "a", label: "First site" },
    { value: "b", label: "Second site" },
  ];
  return renderToStaticMarkup(
    h(
      Form,
      { binding },
      h(TextField, { label: "Units", name: "units", defaultValue: "10" }),
      h(SelectField, { label: "ID Location", name: "locationId", options }),
      h(CheckboxField, { name: "modules", value: "GUEST", label: "Octopus Guest" }),
      h(CheckboxField, { name: "modules", value: "PMS", label: "PMS integration", defaultChecked: true }),
    ),
  );
}

describe("shared fields inside a Form", () => {
  it("refill from the values a refused submit echoed, with the errors on their field", () => {
    const html = render({ status: "error", message: "Check the highlighted fields.", values: { units: "0", locationId: "b", modules: "GUEST" }, fieldErrors: { units: ["At least 1."] } });
    expect(html).toMatch(/<input[^>]*name="units"[^>]*value="0"|<input[^>]*value="0"[^>]*name="units"/);
    expect(html).toMatch(/id="field-units"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="field-units"/);
    expect(html).toContain("At least 1.");
    expect(html).toMatch(/<option value="b" selected="">Second site<\/option>/);
    expect(html).toMatch(/value="GUEST"[^>]*checked=""|checked=""[^>]*value="GUEST"/);
    expect(html).not.toMatch(/value="PMS"[^>]*checked=""|checked=""[^>]*value="PMS"/);
  });

  it("start from their own defaults before any answer", () => {
    const html = render({ status: "idle" });
    expect(html).toMatch(/value="10"/);
    expect(html).not.toContain("selected");
    expect(html).toMatch(/value="PMS"[^>]*checked=""|checked=""[^>]*value="PMS"/);
  });
});
