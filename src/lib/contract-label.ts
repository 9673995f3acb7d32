/** A contract's number as people read it everywhere (screens, notices, audit, emails): CT-000042. */
export function contractLabel(number: number): string {
  return `CT-${String(number).padStart(6, "0")}`;
}
