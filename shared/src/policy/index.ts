export {
  defaultRoutingPolicy,
  type Route,
  type RoutingPolicy,
  routeSchema,
  routingPolicySchema,
} from './routing-policy.js';
