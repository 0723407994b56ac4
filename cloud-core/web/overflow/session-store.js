// The overflow sessions as one live map: a full read on every (re)connect of the stream and every
// 10 s as a safety net, and the stream's `session` and `removed` events in between. A read that was
// in flight when an event arrived must not undo the event, hence the updatedAt comparison and the
// short memory of removals.

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { get } from '/dashboard/assets/api.js';

export const keyOf = (s) => `${s.edgeId}/${s.conversationId}`;

const pollMs = 10_000;
const reconnectMs = 5000;
const removalMemoryMs = 60_000;
const later = (a, b) => Date.parse(a.updatedAt) > Date.parse(b.updatedAt);

export function useOverflowSessions(onUnauthenticated) {
  const [sessions, setSessions] = useState(() => new Map());
  const [live, setLive] = useState(false);
  const [loadError, setLoadError] = useState('');
  const removedAt = useRef(new Map());
  const reads = useRef({ started: 0, applied: 0 });
  const unauthenticated = useRef(onUnauthenticated);
  unauthenticated.current = onUnauthenticated;

  const applySession = useCallback((session) => {
    const key = keyOf(session);
    removedAt.current.delete(key);
    setSessions((map) => {
      const known = map.get(key);
      return known && later(known, session) ? map : new Map(map).set(key, session);
    });
  }, []);

  const applyRemoved = useCallback((ref) => {
    const key = keyOf(ref);
    removedAt.current.set(key, Date.now());
    setSessions((map) => {
      if (!map.has(key)) return map;
      const next = new Map(map);
      next.delete(key);
      return next;
    });
  }, []);

  const refresh = useCallback(async () => {
    const read = ++reads.current.started;
    const startedAt = Date.now();
    try {
      const { sessions: list } = await get('/v1/overflow/sessions');
      // Reads can overlap (poll, reconnect, after an action): only the latest one may replace the map.
      if (read < reads.current.applied) return;
      reads.current.applied = read;
      for (const [key, at] of removedAt.current)
        if (at < startedAt - removalMemoryMs) removedAt.current.delete(key);
      setSessions((map) => {
        const next = new Map();
        for (const session of list) {
          const key = keyOf(session);
          if ((removedAt.current.get(key) ?? 0) >= startedAt) continue;
          const known = map.get(key);
          next.set(key, known && later(known, session) ? known : session);
        }
        return next;
      });
      setLoadError('');
    } catch (e) {
      if (e.status === 401) unauthenticated.current();
      else setLoadError(e.message);
    }
  }, []);

  useEffect(() => {
    let source;
    let retry;
    const connect = () => {
      source = new EventSource('/v1/overflow/events');
      source.onopen = () => {
        setLive(true);
        // Whatever changed while the stream was down is only in a full read.
        void refresh();
      };
      source.onerror = () => {
        setLive(false);
        // The browser retries by itself, except when the server refused the stream outright.
        if (source.readyState === EventSource.CLOSED) retry = setTimeout(connect, reconnectMs);
      };
      source.addEventListener('session', (event) => applySession(JSON.parse(event.data)));
      source.addEventListener('removed', (event) => applyRemoved(JSON.parse(event.data)));
    };
    connect();
    void refresh();
    const poll = setInterval(refresh, pollMs);
    return () => {
      source.close();
      clearTimeout(retry);
      clearInterval(poll);
    };
  }, [refresh, applySession, applyRemoved]);

  return { sessions, live, loadError, refresh, applySession };
}
