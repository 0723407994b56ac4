export {
  bundleKey,
  bundleProblem,
  type ComplianceRule,
  type ConfigBundle,
  type ConfigBundleInput,
  complianceRuleSchema,
  configBundleSchema,
  defaultAiSlots,
  defaultMaxHumanWaitMs,
  edgeConfigBucket,
  type OfferRule,
  offerRuleSchema,
} from './config-bundle.js';
