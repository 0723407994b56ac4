export { detectAddresses } from './addresses.js';
export { detectBankCards } from './bank-cards.js';
export { isLuhnValid, residentIdCheckChar } from './checksums.js';
export { detectByRules } from './detect-by-rules.js';
export { detectEmails } from './emails.js';
export { detectIdNumbers, isResidentIdNumber } from './id-numbers.js';
export { detectNames } from './names.js';
export { detectPhones } from './phones.js';
export { resolveOverlaps } from './resolve-overlaps.js';
