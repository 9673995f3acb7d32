/**
 * A count on a navigation badge stops at 99 ("99+"): the badge is on every page, so
 * what it shows is counted with `LIMIT 100`, never in full (docs/notifications.md#unread-badge).
 */
export const BADGE_CAP = 99;

export function badgeCount(count: number): string {
  return count > BADGE_CAP ? `${BADGE_CAP}+` : String(count);
}
