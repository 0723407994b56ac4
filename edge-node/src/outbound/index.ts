export { wallClock, withinCallingHours } from './calling-hours.js';
export { type DemoGateway, startDemoGateway } from './demo-gateway.js';
export {
  type AttemptResult,
  attemptResults,
  type GatewayAnswer,
  type OutboundGateway,
  type OutboundMessage,
  WebhookGateway,
} from './gateway.js';
export {
  type CampaignTick,
  type ContactStatus,
  OutboundCampaigns,
  type OutboundDeps,
} from './outbound-campaigns.js';
