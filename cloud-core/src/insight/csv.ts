/** The export's columns, in order. */
export const csvColumns = [
  'occurredAt',
  'edgeId',
  'region',
  'product',
  'kind',
  'theme',
  'locale',
  'text',
] as const;
export const csvHeader = csvColumns.join(',');

/**
 * One RFC 4180 field. A field a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe: customers' words end up in marketing's spreadsheets.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/u.test(value) ? `'${value}` : value;
  return /[",\r\n]/u.test(safe) ? `"${safe.replace(/"/gu, '""')}"` : safe;
}

export function csvLine(row: Record<(typeof csvColumns)[number], string>): string {
  return csvColumns.map((c) => csvField(row[c])).join(',');
}
