import { BranchlineError } from '../errors/index.js';

export type FrontMatterValue = string | string[] | Record<string, string>;

export interface FrontMatter {
  fields: Map<string, { value: FrontMatterValue; line: number }>;
  body: string;
  /** Line number (1-based) of the body's first line. */
  bodyLine: number;
}

function unquote(raw: string, fail: (m: string) => never): string {
  const text = raw.trim();
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text.at(-1) === text[0]) {
    if (text[0] === "'") return text.slice(1, -1).replaceAll("''", "'");
    try {
      return JSON.parse(text) as string;
    } catch {
      fail(`bad quoted string ${text}`);
    }
  }
  return text;
}

function splitFlow(inner: string): string[] {
  return inner.trim() === '' ? [] : inner.split(',').map((part) => part.trim());
}

function parseValue(raw: string, fail: (m: string) => never): FrontMatterValue {
  const text = raw.trim();
  if (text.startsWith('[')) {
    if (!text.endsWith(']')) fail('a list opened with [ is not closed on the same line');
    return splitFlow(text.slice(1, -1)).map((item) => unquote(item, fail));
  }
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) fail('a map opened with { is not closed on the same line');
    const map: Record<string, string> = {};
    for (const pair of splitFlow(text.slice(1, -1))) {
      const colon = pair.indexOf(':');
      if (colon < 1) fail(`"${pair}" is not key: value`);
      map[unquote(pair.slice(0, colon), fail)] = unquote(pair.slice(colon + 1), fail);
    }
    return map;
  }
  return unquote(text, fail);
}

/**
 * A small, strict reader for the front matter of knowledge Markdown files: `key: value` lines
 * between `---` fences, values plain or quoted scalars, `[a, b]` lists, `{k: v}` maps, or block
 * lists (`- a`) and maps (`  k: v`) indented under an empty `key:`. Anything else is an error
 * naming the line; so are duplicate keys.
 */
export function parseFrontMatter(text: string, file: string): FrontMatter {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const at =
    (line: number) =>
    (message: string): never => {
      throw new BranchlineError('invalid_argument', `${file}:${line}: ${message}`);
    };
  if (lines[0]?.trim() !== '---') at(1)('a knowledge file starts with front matter between --- lines');
  const fields: FrontMatter['fields'] = new Map();
  let open: { key: string; line: number; kind?: 'list' | 'map' } | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineNo = i + 1;
    const fail = at(lineNo);
    if (line.trim() === '---') {
      if (open && !open.kind) fail(`${open.key} has no value`);
      const bodyLines = lines.slice(i + 1);
      const skipped = bodyLines.findIndex((l) => l.trim() !== '');
      return {
        fields,
        body: bodyLines.join('\n').trim(),
        bodyLine: lineNo + 1 + Math.max(0, skipped),
      };
    }
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const indented = /^\s/.test(line);
    if (indented) {
      if (!open) return fail('indented line outside a list or map');
      const item = line.trim();
      const entry = fields.get(open.key);
      if (item.startsWith('- ') || item === '-') {
        if (open.kind === 'map') fail(`${open.key} mixes list items and map entries`);
        open.kind = 'list';
        const list = (entry?.value ?? []) as string[];
        list.push(unquote(item.slice(1), fail));
        fields.set(open.key, { value: list, line: open.line });
      } else {
        if (open.kind === 'list') fail(`${open.key} mixes list items and map entries`);
        const colon = item.indexOf(':');
        if (colon < 1) fail(`"${item}" is not "- item" or "key: value"`);
        open.kind = 'map';
        const map = (entry?.value ?? {}) as Record<string, string>;
        map[unquote(item.slice(0, colon), fail)] = unquote(item.slice(colon + 1), fail);
        fields.set(open.key, { value: map, line: open.line });
      }
      continue;
    }
    if (open && !open.kind) at(open.line)(`${open.key} has no value`);
    open = undefined;
    const match = /^([A-Za-z][A-Za-z0-9_]*):(.*)$/.exec(line);
    if (!match) fail(`"${line.trim()}" is not "key: value"`);
    const key = match?.[1] as string;
    const raw = match?.[2] ?? '';
    if (fields.has(key)) fail(`${key} appears twice`);
    if (raw.trim() === '') {
      open = { key, line: lineNo };
      continue;
    }
    fields.set(key, { value: parseValue(raw, fail), line: lineNo });
  }
  return at(1)('the front matter is not closed with a --- line');
}
