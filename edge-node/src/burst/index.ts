export { type Admission, createAdmission, type Ticket } from './admission.js';
export { AiSlots } from './ai-slots.js';
export { BurstLink, type BurstLinkStats } from './burst-link.js';
