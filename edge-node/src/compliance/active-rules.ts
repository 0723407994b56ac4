import { type ConfigBundle, defaultComplianceRules, type Industry, industries } from '@branchline/shared';
import { ComplianceEngine } from './compliance-engine.js';

/** The industry default rules apply for: the bundle's, else the edge's `industry` label. */
function industryOf(bundle: ConfigBundle | null, label: string | undefined): Industry | undefined {
  if (bundle?.compliance.industry) return bundle.compliance.industry;
  return industries.includes(label as Industry) ? (label as Industry) : undefined;
}

/**
 * The compliance engine for the bundle this edge runs, rebuilt only when the bundle changes: the
 * industry's default rules (unless the bundle turns them off), then the bundle's own, which
 * replace a default of the same id.
 */
export function activeComplianceEngine(
  current: () => ConfigBundle | null,
  industryLabel: string | undefined,
): () => ComplianceEngine {
  let built: { bundle: ConfigBundle | null; engine: ComplianceEngine } | undefined;
  return () => {
    const bundle = current();
    if (built && built.bundle === bundle) return built.engine;
    const rules = new Map(
      (bundle?.compliance.defaults ?? true)
        ? defaultComplianceRules(industryOf(bundle, industryLabel)).map((r) => [r.id, r])
        : [],
    );
    for (const rule of bundle?.compliance.rules ?? []) rules.set(rule.id, rule);
    built = { bundle, engine: new ComplianceEngine([...rules.values()]) };
    return built.engine;
  };
}
