import { SectionTabs } from "@/components/ui/section-tabs";

/** A seller's price book pages: its books, and its buyers with their books and overrides. */
export function PriceTabs({ sellerId, current }: { sellerId: string; current: "books" | "buyers" }) {
  const base = `/a/${sellerId}/prices`;
  const tabs = [
    { href: base, label: "Price books" },
    { href: `${base}/buyers`, label: "Buyers" },
  ];
  return <SectionTabs label="Price book pages" tabs={tabs} current={current === "books" ? base : `${base}/buyers`} />;
}
