import { addDaysIso, addMonthsIso } from "@/lib/dates";
import type { ScheduledNotice } from "@/server/notifications/queue-due-notices";

export const EXPIRY_NOTICE_CODES = ["MONTH_BEFORE", "DAYS_15", "DAYS_7", "DAY_1", "END", "RENEWAL"] as const;
export type ExpiryNoticeCode = (typeof EXPIRY_NOTICE_CODES)[number];

/** The day each expiry notice comes due for a licence whose last day is `endsOn` (docs/location-licences.md#licence-expiry-notices). */
export function expiryDueDays(endsOn: string): Record<ExpiryNoticeCode, string> {
  return {
    MONTH_BEFORE: addMonthsIso(endsOn, -1),
    DAYS_15: addDaysIso(endsOn, -15),
    DAYS_7: addDaysIso(endsOn, -7),
    DAY_1: addDaysIso(endsOn, -1),
    END: endsOn,
    RENEWAL: addDaysIso(endsOn, 1),
  };
}

export interface LicenceForNotices {
  key: string;
  endsOn: string;
  locationName: string;
  organisationName: string;
  distributorName: string;
}

/** The six expiry notices of a licence, worded for the person who reads them. */
export function licenceExpirySchedule(licence: LicenceForNotices): ScheduledNotice[] {
  const due = expiryDueDays(licence.endsOn);
  const what = `The location licence ${licence.key} of ${licence.locationName} (${licence.organisationName})`;
  const renew = `In case you require a new license or modification/renewal of existing licenses, please contact the distributor (${licence.distributorName}).`;
  const before = (code: ExpiryNoticeCode, when: string): ScheduledNotice => ({
    code,
    dueOn: due[code],
    title: `Licence ${licence.key} ends ${when}`,
    body: `${what} ends on ${licence.endsOn}. ${renew}`,
  });
  return [
    before("MONTH_BEFORE", "in 1 month"),
    before("DAYS_15", "in 15 days"),
    before("DAYS_7", "in 7 days"),
    before("DAY_1", "tomorrow"),
    {
      code: "END",
      dueOn: due.END,
      title: `Licence ${licence.key} ends today: service cut off`,
      body: `${what} ends today (${licence.endsOn}). The service is cut off at the end of the day. ${renew}`,
    },
    {
      code: "RENEWAL",
      dueOn: due.RENEWAL,
      title: `Renew licence ${licence.key}`,
      body: `${what} ended on ${licence.endsOn} and the service is no longer available. ${renew}`,
    },
  ];
}
