import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ArtifactServiceClient,
  EnrollmentServiceClient,
  type EnrollResponse,
  type FetchArtifactResponse,
} from '@branchline/proto';
import { createKeyAndCsr, type KnowledgeSnapshot } from '@branchline/shared';
import {
  type CoreProcess,
  createEnrollmentToken,
  startTestStack,
  type TestStack,
} from '@branchline/shared/process';
import { type ChannelCredentials, credentials, type ServiceError, status } from '@grpc/grpc-js';
import { type KV, Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const tlsOptions = { 'grpc.ssl_target_name_override': 'branchline-core' };
let stack: TestStack;
let core: CoreProcess;
let nc: NatsConnection;
let edgeConfig: KV;
const identities = new Map<string, ChannelCredentials>();

interface Assignment {
  sha256: string;
  snapshotId: string;
  sizeBytes: number;
  mediaType: string;
}

async function enroll(edgeId: string, labels: string): Promise<ChannelCredentials> {
  const token = await createEnrollmentToken(core, { edgeId, labels });
  const { privateKeyPem, csrPem } = await createKeyAndCsr(edgeId);
  const ca = readFileSync(join(core.dataDir, 'ca', 'ca.cert.pem'));
  const client = new EnrollmentServiceClient(core.enrollAddress, credentials.createSsl(ca), tlsOptions);
  const response = await new Promise<EnrollResponse>((resolve, reject) => {
    client.enroll({ token, csrPem, version: 'test' }, (error, value) =>
      error ? reject(error) : resolve(value),
    );
  }).finally(() => client.close());
  return credentials.createSsl(
    Buffer.from(response.caCertificatePem),
    Buffer.from(privateKeyPem),
    Buffer.from(response.certificatePem),
  );
}

async function putArticle(article: Record<string, unknown>): Promise<Response> {
  return fetch(`${core.url}/v1/knowledge/articles/${article.id as string}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${core.adminToken()}` },
    body: JSON.stringify(article),
  });
}

async function assignment(edgeId: string): Promise<Assignment | undefined> {
  const entry = await edgeConfig.get(`${edgeId}.knowledge`);
  return entry?.operation === 'PUT' ? (entry.json() as Assignment) : undefined;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function fetchArtifact(
  creds: ChannelCredentials,
  request: { sha256: string; offset?: number; maxChunkBytes?: number },
): Promise<FetchArtifactResponse[]> {
  const client = new ArtifactServiceClient(core.grpcAddress, creds, tlsOptions);
  return new Promise<FetchArtifactResponse[]>((resolve, reject) => {
    const messages: FetchArtifactResponse[] = [];
    const stream = client.fetchArtifact(
      { sha256: request.sha256, offset: request.offset ?? 0, maxChunkBytes: request.maxChunkBytes ?? 0 },
      { deadline: Date.now() + 10_000 },
    );
    stream.on('data', (m: FetchArtifactResponse) => messages.push(m));
    stream.on('error', reject);
    stream.on('end', () => resolve(messages));
  }).finally(() => client.close());
}

function bytesOf(messages: FetchArtifactResponse[]): Buffer {
  return Buffer.concat(messages.flatMap((m) => (m.payload?.$case === 'chunk' ? [m.payload.value.data] : [])));
}

beforeAll(async () => {
  // No grace: a snapshot no edge is assigned goes at the next publish.
  stack = await startTestStack('bl-kb-snapshots', { BRANCHLINE_KB_SNAPSHOT_GRACE_SECONDS: '0' });
  core = stack.core;
  nc = await connect({ servers: stack.nats.url });
  edgeConfig = await new Kvm(nc).open('bl_edge_config');
  identities.set('north-1', await enroll('north-1', 'region=north'));
  identities.set('south-1', await enroll('south-1', 'region=south'));
});

afterAll(async () => {
  await nc?.close();
  await stack?.stop();
});

describe('knowledge snapshots per edge', () => {
  it('assigns each enrolled edge the articles its labels match', async () => {
    expect(
      (await putArticle({ id: 'atm', title: 'ATM', body: 'ATMs are at every branch.', locale: 'en' })).status,
    ).toBe(201);
    const northOnly = await putArticle({
      id: 'north-promo',
      title: '北区理财活动',
      body: '北区网点本月理财产品优惠。',
      locale: 'zh-CN',
      audience: { region: 'north' },
    });
    expect(northOnly.status).toBe(201);

    const snapshotOf = async (edgeId: string) => {
      const found = await waitFor(`${edgeId}'s snapshot`, async () => {
        const a = await assignment(edgeId);
        if (!a) return undefined;
        // An assignment replaced since it was read may be gone already: read again.
        const messages = await fetchArtifact(identities.get(edgeId) as ChannelCredentials, a).catch(
          (error: ServiceError) => (error.code === status.NOT_FOUND ? undefined : Promise.reject(error)),
        );
        if (!messages) return undefined;
        const bytes = bytesOf(messages);
        const snapshot = JSON.parse(bytes.toString('utf8')) as KnowledgeSnapshot;
        return snapshot.articles.length >= (edgeId === 'north-1' ? 2 : 1) ? { a, snapshot } : undefined;
      });
      return found;
    };
    const north = await snapshotOf('north-1');
    const south = await snapshotOf('south-1');
    expect(north.a.mediaType).toBe('application/vnd.branchline.kb-snapshot+json');
    expect(north.snapshot.format).toBe('branchline-kb/1');
    expect(north.snapshot.id).toBe(north.a.snapshotId);
    expect(north.snapshot.articles.map((a) => a.id)).toEqual(['atm', 'north-promo']);
    expect(south.snapshot.articles.map((a) => a.id)).toEqual(['atm']);
    expect(north.a.sha256).not.toBe(south.a.sha256);

    // Editing an article gives every edge that holds it a new snapshot.
    const before = south.a.sha256;
    await putArticle({ id: 'atm', title: 'ATM', body: 'ATMs are at every branch, open 24h.', locale: 'en' });
    const after = await waitFor('a new south assignment', async () => {
      const a = await assignment('south-1');
      return a && a.sha256 !== before ? a : undefined;
    });
    const edited = JSON.parse(
      bytesOf(await fetchArtifact(identities.get('south-1') as ChannelCredentials, after)).toString('utf8'),
    ) as KnowledgeSnapshot;
    expect(edited.articles[0]).toMatchObject({
      id: 'atm',
      version: 2,
      body: 'ATMs are at every branch, open 24h.',
    });

    // The replaced snapshot is deleted from the object store; the ones assigned are kept.
    await waitFor('the old snapshot to be deleted', async () => {
      const gone = await fetchArtifact(identities.get('south-1') as ChannelCredentials, { sha256: before })
        .then(() => false)
        .catch((error: ServiceError) => error.code === status.NOT_FOUND);
      return gone ? true : undefined;
    });
    const current = (await assignment('north-1')) as Assignment;
    expect(
      bytesOf(await fetchArtifact(identities.get('north-1') as ChannelCredentials, current)).length,
    ).toBe(current.sizeBytes);
  });

  it('gives an edge enrolled later the same snapshot as its peers with the same labels', async () => {
    const peer = await waitFor('north-1', () => assignment('north-1'));
    identities.set('north-2', await enroll('north-2', 'region=north'));
    const late = await waitFor('north-2', () => assignment('north-2'), 5000);
    expect(late.sha256).toBe(peer.sha256);
  });
});

describe('ArtifactService.FetchArtifact', () => {
  it('sends info then chunks, resumes from an offset, and the bytes hash to the name', async () => {
    const a = await waitFor('north-1', () => assignment('north-1'));
    const creds = identities.get('north-1') as ChannelCredentials;
    const whole = await fetchArtifact(creds, { sha256: a.sha256, maxChunkBytes: 64 });
    expect(whole[0]?.payload).toEqual({
      $case: 'info',
      value: { sha256: a.sha256, sizeBytes: a.sizeBytes, mediaType: a.mediaType },
    });
    const chunks = whole.slice(1);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((m) => m.payload?.$case === 'chunk' && m.payload.value.data.length <= 64)).toBe(true);
    const bytes = bytesOf(whole);
    expect(bytes.length).toBe(a.sizeBytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);

    // A cut after 100 bytes: the edge asks for the rest and stitches it on.
    const rest = await fetchArtifact(creds, { sha256: a.sha256, offset: 100 });
    const first = rest[1]?.payload;
    expect(first?.$case === 'chunk' && first.value.offset).toBe(100);
    const resumed = Buffer.concat([bytes.subarray(0, 100), bytesOf(rest)]);
    expect(createHash('sha256').update(resumed).digest('hex')).toBe(a.sha256);
  });

  it('answers NOT_FOUND for an unknown sha256', async () => {
    const error = (await fetchArtifact(identities.get('north-1') as ChannelCredentials, {
      sha256: '0'.repeat(64),
    }).catch((e: unknown) => e)) as ServiceError;
    expect(error.code).toBe(status.NOT_FOUND);
  });
});
