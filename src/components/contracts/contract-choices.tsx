/** The trial's decision at expiry: convert (the default) or expire. */
export function TrialExpiryChoice({ defaultValue }: { defaultValue?: string | null }) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">At expiry</legend>
      <div className="mt-2 space-y-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="radio" name="trialExpiryAction" value="CONVERT" defaultChecked={defaultValue !== "EXPIRE"} />
          Convert to an active subscription
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="trialExpiryAction" value="EXPIRE" defaultChecked={defaultValue === "EXPIRE"} />
          Let it expire
        </label>
      </div>
    </fieldset>
  );
}

/** A group of AddOn checkboxes posting their SKUs under one field name. */
export function AddOnChoices({
  legend,
  name,
  addOns,
  errors,
}: {
  legend: string;
  name: string;
  addOns: { sku: string; name: string }[];
  errors?: string[];
}) {
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">{legend}</legend>
      <div className="mt-2 flex flex-wrap gap-4">
        {addOns.map((addOn) => (
          <label key={addOn.sku} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={name} value={addOn.sku} className="h-4 w-4 rounded border-slate-300" />
            {addOn.name} <span className="text-xs text-slate-500">({addOn.sku})</span>
          </label>
        ))}
      </div>
      {errors?.length ? <p className="mt-1 text-xs font-medium text-red-700">{errors.join(" ")}</p> : null}
    </fieldset>
  );
}
