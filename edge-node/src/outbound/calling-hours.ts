import type { OutboundCampaign } from '@branchline/shared';

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function format(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone`: its calendar day (YYYY-MM-DD), time (HH:MM) and ISO weekday. */
export function wallClock(at: Date, timeZone: string): { day: string; time: string; weekday: number } {
  const parts = Object.fromEntries(
    format(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: weekdays[parts.weekday ?? ''] ?? 0,
  };
}

/**
 * Whether a customer may be contacted now: inside the campaign's hours (from inclusive, to
 * exclusive) on one of its weekdays, in the campaign's time zone, not the server's.
 */
export function withinCallingHours(
  at: Date,
  campaign: Pick<OutboundCampaign, 'callingHours' | 'timeZone'>,
): boolean {
  const { time, weekday } = wallClock(at, campaign.timeZone);
  const { from, to, days } = campaign.callingHours;
  return days.includes(weekday) && time >= from && time < to;
}
