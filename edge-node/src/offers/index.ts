export { type Offer, type OfferContext, OfferEngine, type OfferEngineDeps } from './offer-engine.js';
