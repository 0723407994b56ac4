import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BranchlineError } from '@branchline/shared';
import { z } from 'zod';
import { defaultTaxonomy } from './default-taxonomy.js';

const idSchema = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'ids are lower case letters, digits and _');
const labelSchema = z.object({ en: z.string().min(1).max(60), zh: z.string().min(1).max(30) });
/**
 * Regular expression sources (Unicode mode), matched against one clause of tokenized text in
 * lower case with full-width forms folded: write them in lower case.
 */
const patternsSchema = z
  .array(
    z
      .string()
      .min(1)
      .max(2000)
      .superRefine((source, ctx) => {
        try {
          new RegExp(source, 'u');
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: `not a regular expression: ${(error as Error).message}` });
        }
      }),
  )
  .max(50);

/**
 * A theme is a reason to buy or an objection about one subject (price, range, fees...). The same
 * subject can be both: "too expensive" is an objection about price, "good value" a reason.
 */
const themeSchema = z
  .object({
    id: idSchema,
    label: labelSchema,
    reason: patternsSchema.default([]),
    objection: patternsSchema.default([]),
  })
  .refine((t) => t.reason.length + t.objection.length > 0, 'a theme needs reason or objection patterns');

const productSchema = z.object({ id: idSchema, label: labelSchema, keywords: patternsSchema.min(1) });

export const taxonomySchema = z
  .object({
    version: z.literal(1),
    themes: z.array(themeSchema).min(1).max(200),
    /** In order: the first product whose keywords match names a sentence's product. */
    products: z.array(productSchema).max(200).default([]),
    /**
     * Words that mark a clause as a reason or an objection when no theme matches it. Such clauses
     * are kept unsorted and clustered, which is how themes nobody wrote down yet show up.
     */
    cues: z
      .object({ reason: patternsSchema.default([]), objection: patternsSchema.default([]) })
      .default({ reason: [], objection: [] }),
  })
  .superRefine((t, ctx) => {
    for (const [name, list] of [
      ['themes', t.themes],
      ['products', t.products],
    ] as const) {
      const seen = new Set<string>();
      for (const item of list) {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [name], message: `${item.id} twice` });
        seen.add(item.id);
      }
    }
  });

export type TaxonomyInput = z.input<typeof taxonomySchema>;
export type Taxonomy = z.infer<typeof taxonomySchema>;
export type ThemeDefinition = Taxonomy['themes'][number];
export type ProductDefinition = Taxonomy['products'][number];

export interface LoadedTaxonomy {
  taxonomy: Taxonomy;
  /** Changes whenever anything that decides a mention changes: the read model re-mines then. */
  fingerprint: string;
  source: string;
}

export function parseTaxonomy(input: unknown, source: string): LoadedTaxonomy {
  const parsed = taxonomySchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BranchlineError(
      'invalid_argument',
      `insight taxonomy ${source}: ${issue?.path.join('.') || 'file'}: ${issue?.message}`,
    );
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex').slice(0, 16);
  return { taxonomy: parsed.data, fingerprint, source };
}

/** The taxonomy a JSON file gives, or the built-in one when no file is named. */
export function loadTaxonomy(path: string | undefined): LoadedTaxonomy {
  if (!path) return parseTaxonomy(defaultTaxonomy, 'built-in');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new BranchlineError('invalid_argument', `insight taxonomy ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BranchlineError(
      'invalid_argument',
      `insight taxonomy ${path}: not JSON: ${(error as Error).message}`,
    );
  }
  return parseTaxonomy(json, path);
}
