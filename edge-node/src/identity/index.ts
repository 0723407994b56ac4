export { discoverPinnedCa } from './discover-ca.js';
export { enroll } from './enroll.js';
export { type EdgeIdentity, type EdgeInfo, loadIdentity, saveIdentity } from './identity-store.js';
