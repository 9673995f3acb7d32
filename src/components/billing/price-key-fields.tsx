"use client";

import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { PriceKind } from "@/generated/prisma/enums";
import type { ComboboxOption } from "@/components/ui/async-combobox";
import { ComboboxField } from "@/components/ui/combobox-field";
import { fetchMatches } from "@/components/ui/fetch-matches";
import { SelectField, TextField } from "@/components/ui/field";
import { PRICE_KIND_LABEL } from "@/lib/labels";

/**
 * Runs `onReset` when the form holding `ref` is reset (after a success): a controlled select keeps
 * its React state through a native reset while the page shows its first option, so state follows.
 */
export function useFormReset(ref: RefObject<HTMLElement | null>, onReset: () => void): void {
  const latest = useRef(onReset);
  useEffect(() => {
    latest.current = onReset;
  });
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const listener = () => latest.current();
    form.addEventListener("reset", listener);
    return () => form.removeEventListener("reset", listener);
  }, [ref]);
}

interface SkuMatch {
  sku: string;
  name: string;
  serviceName: string;
  kinds: PriceKind[];
}

/**
 * The SKU, "Price per" and tier of a price or override (docs/money.md#price-books). The SKU is a
 * combobox over the SKUs the seller sells (`GET /a/<seller>/prices/skus/search`); "Price per" offers
 * the kinds that SKU is billed in (for "Every SKU", `everySkuKinds`: the kinds the seller prices in), and
 * the tier shows for licence-years. The choices live here, so a refused submit keeps them.
 */
export function PriceKeyFields({ sellerId, idPrefix, everySkuKinds }: { sellerId: string; idPrefix: string; everySkuKinds?: readonly PriceKind[] }) {
  const everySku = everySkuKinds !== undefined;
  const kindsOf = useRef(new Map<string, PriceKind[]>());
  const [kinds, setKinds] = useState<readonly PriceKind[]>(everySkuKinds ?? []);
  const [kind, setKind] = useState<PriceKind | "">(everySkuKinds?.[0] ?? "");
  const anchor = useRef<HTMLSpanElement>(null);
  // The SKU stays chosen after a success; "Price per" shows its first kind again, and so does the state.
  useFormReset(anchor, () => setKind(kinds[0] ?? ""));
  const search = useCallback(
    async (query: string, signal: AbortSignal): Promise<ComboboxOption[]> => {
      const matches = await fetchMatches<SkuMatch>(`/a/${sellerId}/prices/skus/search?${new URLSearchParams({ q: query })}`, "skus", signal);
      for (const match of matches) kindsOf.current.set(match.sku, match.kinds);
      return matches.map((match) => ({ value: match.sku, label: `${match.sku} · ${match.name}`, hint: match.serviceName }));
    },
    [sellerId],
  );
  const choose = (sku: string | null) => {
    const next = sku === null ? (everySkuKinds ?? []) : (kindsOf.current.get(sku) ?? []);
    setKinds(next);
    setKind((current) => (current && next.includes(current) ? current : (next[0] ?? "")));
  };
  return (
    <>
      <span ref={anchor} hidden />
      <ComboboxField
        idPrefix={idPrefix}
        name="sku"
        label="SKU"
        selected={null}
        noneLabel={everySku ? "Every SKU" : undefined}
        placeholderText="Choose a SKU"
        onChange={(choice) => choose(choice?.value ?? null)}
        search={search}
        searchLabel="Search SKUs by SKU, package or service"
        placeholder="SKU, package or service"
        optionsLabel="SKUs you sell"
        emptyText="No SKU you sell matches."
        hint={everySku ? "A discount for every SKU applies where a SKU has no override of its own." : undefined}
      />
      <SelectField
        idPrefix={idPrefix}
        label="Price per"
        name="kind"
        value={kind}
        onChange={(event) => setKind(event.target.value as PriceKind)}
        disabled={kinds.length === 0}
        options={kinds.length === 0 ? [{ value: "", label: "Choose a SKU first" }] : kinds.map((value) => ({ value, label: PRICE_KIND_LABEL[value] }))}
      />
      {kind === "LICENCE_YEAR" && (
        <TextField
          idPrefix={idPrefix}
          label="Tier: from access points or rooms"
          name="minUnits"
          inputMode="numeric"
          defaultValue="0"
          hint="A licence pays the price of the largest tier at or below its size; 0 applies to every size."
        />
      )}
    </>
  );
}

/** The month a price or override applies from: the seller's open months, next month first chosen. */
export function FromMonthField({ idPrefix, months, defaultMonth }: { idPrefix: string; months: { value: string; label: string }[]; defaultMonth: string }) {
  return (
    <SelectField
      idPrefix={idPrefix}
      label="From month"
      name="fromMonth"
      defaultValue={defaultMonth}
      options={months}
      hint="It applies from this month on, until a later price. A month already final cannot change."
    />
  );
}
