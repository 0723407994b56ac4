export {
  bundleKey,
  bundleProblem,
  type ComplianceRule,
  type ConfigBundle,
  type ConfigBundleInput,
  complianceRuleSchema,
  configBundleSchema,
  edgeConfigBucket,
  type OfferRule,
  offerRuleSchema,
} from './config-bundle.js';
