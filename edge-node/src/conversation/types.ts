import type { Route } from '@branchline/shared';
import type { ComplianceHit } from '../compliance/index.js';
import type { PiiKind } from '../privacy/types.js';
import type { Emotion } from './stages/emotion.js';
import type { Hesitation } from './stages/hesitation.js';

export type Locale = 'zh-CN' | 'en';
/** `admit`: the wait for one of the branch's AI slots (zero when one was free or burst capacity took the turn). */
export type Stage = 'redact' | 'understand' | 'comply' | 'route' | 'admit' | 'respond' | 'restore';

export interface Understanding {
  intent: string | null;
  confidence: number;
  sentiment: { label: string | null; negative: number };
  /** `compliance`, `negative_sentiment`, `low_confidence`, `models_unavailable`, `hesitation`, ... */
  flags: string[];
  /** The customer wavers over buying or committing ("考虑一下"); absent when they do not. */
  hesitation?: Hesitation;
}

export interface Decision {
  route: Route;
  /** Why, in a stable code: `tool_intent`, `small_talk`, `complaint`, `compliance_flag`, ... */
  reason: string;
  tool?: string;
}

export interface Citation {
  id: string;
  title: string;
}

export interface Reply {
  /** Tokenized: safe to store and to send to the core. */
  text: string;
  handledBy: Route;
  citations: Citation[];
  /** False when the route this turn needs is not available on this edge yet. */
  available: boolean;
  outcome?: Record<string, string | number | boolean | null>;
}

/** One customer message on its way through `redact -> understand -> route -> respond -> restore`. */
export interface Turn {
  id: string;
  conversationId: string;
  locale: Locale;
  customerRef: string | null;
  /** As the customer typed it; never stored, logged or sent: only `text` is. */
  input: string;
  /** Tokenized input. */
  text: string;
  found: { kind: PiiKind; source: string; token: string }[];
  understanding?: Understanding;
  decision?: Decision;
  reply?: Reply;
  /** The reply with personal data put back, for the customer only. */
  customerText?: string;
  /** Compliance rules the customer's message or the AI's reply broke; each becomes an alert. */
  compliance?: ComplianceHit[];
  /** Where the customer's mood is heading, over this turn and the ones before. */
  emotion?: Emotion;
  timings: Partial<Record<Stage, number>>;
}
