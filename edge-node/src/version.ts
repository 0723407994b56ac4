import { readFileSync } from 'node:fs';

/** The edge-node package version, reported in heartbeats and events. */
export const edgeVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
