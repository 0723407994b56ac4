/**
 * Branch-local calendar days as `YYYY-MM-DD`. A visit or delivery is booked for a day, not an
 * instant, so these never carry a time zone; "today" comes from the edge's clock, which runs in
 * the branch's zone.
 */

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar day of `now` in the process's local time zone. */
export function localDay(now: Date = new Date()): string {
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** True for a real calendar day (rejects 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!isoDate.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
}

/** The day `days` after `day` (negative goes back). UTC arithmetic, so no DST step moves it. */
export function addDays(day: string, days: number): string {
  const parsed = new Date(`${day}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}
