export { BundleStore, type StoredBundle } from './bundle-store.js';
export { deployBundle } from './deploy-bundle.js';
export { type LabelSelector, matches, parseSelector } from './label-selector.js';
