import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { BranchlineError } from '@branchline/shared';

export interface TaggedText {
  text: string;
  /** One BIO tag per code point of text. */
  tags: string[];
  line: number;
}

/**
 * CLUENER2020 format: {"text", "label": {type: {mention: [[start, endInclusive], ...]}}}.
 * Offsets count code points.
 */
export async function readCluener(
  file: string,
): Promise<{ rows: TaggedText[]; types: string[]; sha256: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new BranchlineError(
      'invalid_argument',
      `${file}: cannot read the file (${(error as Error).message})`,
    );
  }
  const rows: TaggedText[] = [];
  const types = new Set<string>();
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((raw, index) => {
      if (raw.trim() === '') return;
      const line = index + 1;
      let record: { text?: unknown; label?: unknown };
      try {
        record = JSON.parse(raw) as typeof record;
      } catch {
        throw new BranchlineError('invalid_argument', `${file}:${line}: not valid JSON`);
      }
      if (typeof record.text !== 'string')
        throw new BranchlineError('invalid_argument', `${file}:${line}: missing "text"`);
      const chars = [...record.text];
      const tags = chars.map(() => 'O');
      for (const [type, mentions] of Object.entries(
        (record.label ?? {}) as Record<string, Record<string, number[][]>>,
      )) {
        types.add(type);
        for (const spans of Object.values(mentions)) {
          for (const [start, end] of spans) {
            if (start === undefined || end === undefined || start < 0 || end >= chars.length || end < start) {
              throw new BranchlineError(
                'invalid_argument',
                `${file}:${line}: span [${start}, ${end}] is outside the text`,
              );
            }
            tags[start] = `B-${type}`;
            for (let i = start + 1; i <= end; i++) tags[i] = `I-${type}`;
          }
        }
      }
      rows.push({ text: record.text, tags, line });
    });
  if (rows.length === 0) throw new BranchlineError('invalid_argument', `${file}: no rows`);
  return { rows, types: [...types].sort(), sha256: createHash('sha256').update(bytes).digest('hex') };
}
