import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BranchlineError } from '@branchline/shared';
import { parse } from 'csv-parse/sync';

export interface LabelledText {
  text: string;
  label: string;
  /** 1-based line (JSONL) or record number (CSV), for messages. */
  line: number;
}

export interface Dataset {
  file: string;
  rows: LabelledText[];
  sha256: string;
}

function fail(file: string, line: number | undefined, message: string): never {
  throw new BranchlineError('invalid_argument', `${file}${line === undefined ? '' : `:${line}`}: ${message}`);
}

async function readText(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    return fail(
      file,
      undefined,
      `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

function checkRow(file: string, line: number, text: unknown, label: unknown): LabelledText {
  if (typeof text !== 'string') fail(file, line, 'missing "text"');
  if (text.trim() === '') fail(file, line, 'empty "text"');
  if (typeof label !== 'string' && typeof label !== 'number') fail(file, line, 'missing "label"');
  const name = String(label).trim();
  if (name === '') fail(file, line, 'empty "label"');
  return { text, label: name, line };
}

function parseJsonl(file: string, content: string): LabelledText[] {
  const rows: LabelledText[] = [];
  content.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      fail(file, line, 'not valid JSON');
    }
    if (typeof value !== 'object' || value === null) fail(file, line, 'expected an object {"text", "label"}');
    const record = value as Record<string, unknown>;
    rows.push(checkRow(file, line, record.text, record.label));
  });
  return rows;
}

function parseCsv(file: string, content: string): LabelledText[] {
  let records: Record<string, string>[];
  try {
    records = parse(content, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false });
  } catch (error) {
    return fail(file, undefined, `not valid CSV: ${(error as Error).message}`);
  }
  const columns = Object.keys(records[0] ?? {});
  for (const column of ['text', 'label']) {
    if (records.length > 0 && !columns.includes(column)) {
      fail(file, 1, `missing column "${column}" (columns: ${columns.join(', ') || 'none'})`);
    }
  }
  // Line numbers count the header as line 1.
  return records.map((r, i) => checkRow(file, i + 2, r.text, r.label));
}

/** Reads JSONL `{"text","label"}` or CSV with those columns; any problem names the file and line. */
export async function readDataset(file: string): Promise<Dataset> {
  const bytes = await readText(file);
  const content = bytes.toString('utf8');
  const rows = file.toLowerCase().endsWith('.csv') ? parseCsv(file, content) : parseJsonl(file, content);
  if (rows.length === 0) fail(file, undefined, 'no labelled rows');
  return { file, rows, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Training needs at least two classes; names the file when it has one. */
export function labelSet(dataset: Dataset): string[] {
  const labels = [...new Set(dataset.rows.map((r) => r.label))].sort();
  if (labels.length < 2) {
    fail(dataset.file, undefined, `only one class ("${labels[0]}"); a classifier needs at least two labels`);
  }
  return labels;
}
