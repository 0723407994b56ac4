import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { describe, expect, it } from 'vitest';
import {
  deployDir,
  filesIn,
  type K8sDocument,
  knownEnvNames,
  loadK8sDocuments,
  referenceProblems,
  schemaErrors,
  unknownFieldErrors,
} from './support/index.js';

const docs = loadK8sDocuments(filesIn(join(deployDir, 'k8s'), '.yaml', '.yml'));
const knownEnv = knownEnvNames();

const named = (kind: string, name: string): K8sDocument => {
  const doc = docs.find((d) => d.object.kind === kind && d.object.metadata?.name === name);
  if (!doc) throw new Error(`no ${kind}/${name} in deploy/k8s`);
  return structuredClone(doc);
};
/**
 * A copy of a document with changes, to show a check catches them: each sets the value at a
 * dot-separated path (numbers index arrays), or removes it when the value is undefined.
 */
const broken = (kind: string, name: string, ...changes: [path: string, value: unknown][]): K8sDocument => {
  const doc = named(kind, name);
  for (const [path, value] of changes) {
    const keys = path.split('.');
    const last = keys.pop() ?? '';
    let node = doc.object as Record<string, unknown>;
    for (const key of keys) node = node[key] as Record<string, unknown>;
    if (value === undefined) delete node[last];
    else node[last] = value;
  }
  return doc;
};

describe('the Kubernetes manifests (deploy/k8s)', () => {
  it('hold the namespace, config, core, its Services and PDB, burst workers and their ScaledObject', () => {
    expect(docs.map((d) => `${d.object.kind}/${d.object.metadata?.name}`).sort()).toEqual([
      'ConfigMap/branchline',
      'Deployment/burst-worker',
      'Deployment/cloud-core',
      'Namespace/branchline',
      'PodDisruptionBudget/cloud-core',
      'ScaledObject/burst-worker',
      'Service/cloud-core',
      'Service/cloud-core-edges',
    ]);
  });

  it('each validate against the kubernetes-models or KEDA schema of their kind', () => {
    expect(docs.map((d) => [d.where, schemaErrors(d.object)]).filter(([, errors]) => errors)).toEqual([]);
  });

  it('have no field the models do not know, at any depth', () => {
    expect(unknownFieldErrors(docs)).toEqual([]);
  });

  it('fit together and fit the code: selectors, ports, ConfigMap keys, the burst queue, env names', () => {
    expect(referenceProblems(docs, knownEnv)).toEqual([]);
  });

  it('run every container as non-root on a read-only root filesystem, without capabilities, with limits', () => {
    for (const doc of docs.filter((d) => d.object.kind === 'Deployment')) {
      const pod = (doc.object as IDeployment).spec?.template.spec;
      expect(pod?.securityContext?.runAsNonRoot, doc.where).toBe(true);
      for (const c of pod?.containers ?? []) {
        expect(c.securityContext, `${doc.where} ${c.name}`).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources?.limits?.memory, `${doc.where} ${c.name}`).toBeDefined();
      }
    }
  });

  it('mount the fleet CA from its Secret in every core replica, over an emptyDir data dir', () => {
    const core = named('Deployment', 'cloud-core').object as IDeployment;
    const pod = core.spec?.template.spec;
    const mounts = pod?.containers[0]?.volumeMounts ?? [];
    expect(mounts).toContainEqual({
      name: 'fleet-ca',
      mountPath: '/var/lib/branchline/core/ca',
      readOnly: true,
    });
    expect(pod?.volumes?.find((v) => v.name === 'fleet-ca')?.secret?.secretName).toBe('branchline-core-ca');
    expect(pod?.volumes?.find((v) => v.name === 'data')?.emptyDir).toBeDefined();
  });
});

describe('the Kubernetes checks catch', () => {
  it('a wrong type (replicas "two") and a missing required field', () => {
    const doc = broken('Deployment', 'cloud-core', ['spec.replicas', 'two'], ['spec.selector', undefined]);
    const errors = schemaErrors(doc.object);
    expect(errors).toMatch(/spec\/replicas must be integer/);
    expect(errors).toMatch(/spec must have required property selector/);
  });

  it('a KEDA lagThreshold given as a number instead of a string', () => {
    const doc = broken('ScaledObject', 'burst-worker', ['spec.triggers.0.metadata.lagThreshold', 16]);
    expect(schemaErrors(doc.object)).toMatch(/triggers\/0\/metadata\/lagThreshold must be string/);
  });

  it('a kind no model knows', () => {
    const doc = broken('Deployment', 'cloud-core', ['kind', 'Deploymnet']);
    expect(schemaErrors(doc.object)).toBe('no model for apps/v1 Deploymnet');
  });

  it('unknown fields, at the top of a spec and deep in a container', () => {
    const errors = unknownFieldErrors([
      broken('ScaledObject', 'burst-worker', ['spec.maxReplicas', 10]),
      broken('Deployment', 'cloud-core', ['spec.template.spec.containers.0.imagePullPolicyy', 'Always']),
    ]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/ScaledObject\/burst-worker: .*'maxReplicas' does not exist/);
    expect(errors[1]).toMatch(
      /Deployment\/cloud-core: .*'imagePullPolicyy' does not exist in type 'IContainer'/,
    );
  });

  it('a Service that selects no pods, a trigger on another consumer, and an env name no code reads', () => {
    const others = docs.filter(
      (d) =>
        !['Service/cloud-core', 'ScaledObject/burst-worker', 'Deployment/burst-worker'].includes(
          `${d.object.kind}/${d.object.metadata?.name}`,
        ),
    );
    const problems = referenceProblems(
      [
        ...others,
        broken('Service', 'cloud-core', ['spec.selector', { 'app.kubernetes.io/name': 'cloud-cor' }]),
        broken('ScaledObject', 'burst-worker', ['spec.triggers.0.metadata.consumer', 'burst-worker']),
        broken('Deployment', 'burst-worker', [
          'spec.template.spec.containers.0.env.0.name',
          'BRANCHLINE_NATS_URLS',
        ]),
      ],
      knownEnv,
    );
    expect(problems).toEqual([
      expect.stringMatching(/Deployment\/burst-worker: env BRANCHLINE_NATS_URLS is read by no code/),
      expect.stringMatching(/Service\/cloud-core: its selector matches no Deployment's pods/),
      expect.stringMatching(
        /ScaledObject\/burst-worker: trigger consumer is burst-worker, the code uses burst-workers/,
      ),
    ]);
  });
});
