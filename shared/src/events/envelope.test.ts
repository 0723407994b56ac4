import { describe, expect, it } from 'vitest';
import { eventEnvelopeSchema, eventsSubject, parseEventsSubject } from './envelope.js';

describe('event subjects', () => {
  it('round-trips edge id and dotted type', () => {
    const subject = eventsSubject('north', 'conversation.turn');
    expect(subject).toBe('bl.events.north.conversation.turn');
    expect(parseEventsSubject(subject)).toEqual({ edgeId: 'north', type: 'conversation.turn' });
  });

  it('rejects subjects outside the events root', () => {
    expect(parseEventsSubject('bl.config.north')).toBeUndefined();
    expect(parseEventsSubject('bl.events.north')).toBeUndefined();
  });

  it('refuses an envelope without a valid type', () => {
    const result = eventEnvelopeSchema.safeParse({
      id: '1',
      edgeId: 'north',
      type: 'Bad Type',
      occurredAt: new Date().toISOString(),
      data: {},
    });
    expect(result.success).toBe(false);
  });
});
