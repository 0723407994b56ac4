import { burstConsumer, burstStream } from '@branchline/shared';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { K8sDocument } from './k8s.js';

type Labels = Record<string, string>;

const matches = (selector: Labels | undefined, labels: Labels | undefined) =>
  Object.keys(selector ?? {}).length > 0 &&
  Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);

const containersOf = (deployment: IDeployment): IContainer[] => [
  ...(deployment.spec?.template.spec?.containers ?? []),
  ...(deployment.spec?.template.spec?.initContainers ?? []),
];

/**
 * What the schemas cannot see: the objects must fit together and fit the code. Selectors find
 * their pods, Services' named ports exist, ConfigMaps and keys referenced exist, the KEDA trigger
 * watches the stream and consumer the code uses (shared/src/burst), and every environment
 * variable is one the code reads. Returns one message per problem.
 */
export function referenceProblems(docs: K8sDocument[], knownEnv: Set<string>): string[] {
  const problems: string[] = [];
  const of = (kind: string) => docs.filter((d) => d.object.kind === kind);
  const namespaces = new Set(of('Namespace').map((d) => d.object.metadata?.name));
  const deployments = of('Deployment');
  const configMaps = new Map(
    of('ConfigMap').map((d) => [`${d.object.metadata?.namespace}/${d.object.metadata?.name}`, d.object.data]),
  );
  const inNamespace = (doc: K8sDocument, others: K8sDocument[]) =>
    others.filter((o) => o.object.metadata?.namespace === doc.object.metadata?.namespace);

  for (const doc of docs) {
    const ns = doc.object.metadata?.namespace;
    if (doc.object.kind !== 'Namespace' && (!ns || !namespaces.has(ns)))
      problems.push(`${doc.where}: namespace ${ns ?? '(none)'} is not one of the manifests' Namespaces`);
  }

  for (const doc of deployments) {
    const d = doc.object as IDeployment;
    if (!matches(d.spec?.selector.matchLabels, d.spec?.template.metadata?.labels))
      problems.push(`${doc.where}: spec.selector does not match the pod template's labels`);
    for (const container of containersOf(d)) {
      for (const env of container.env ?? []) {
        if (!knownEnv.has(env.name)) problems.push(`${doc.where}: env ${env.name} is read by no code`);
        const ref = env.valueFrom?.configMapKeyRef;
        if (ref && !(ref.key in (configMaps.get(`${d.metadata?.namespace}/${ref.name}`) ?? {})))
          problems.push(
            `${doc.where}: env ${env.name} refers to ConfigMap ${ref.name} key ${ref.key}, which is missing`,
          );
      }
      for (const from of container.envFrom ?? []) {
        const name = from.configMapRef?.name;
        if (name && !configMaps.has(`${d.metadata?.namespace}/${name}`))
          problems.push(`${doc.where}: envFrom ConfigMap ${name} is missing`);
      }
    }
  }

  for (const doc of of('ConfigMap')) {
    for (const key of Object.keys(doc.object.data ?? {}))
      if (!knownEnv.has(key)) problems.push(`${doc.where}: ${key} is read by no code`);
  }

  for (const doc of [...of('Service'), ...of('PodDisruptionBudget')]) {
    const spec = doc.object.spec as {
      selector?: Labels & { matchLabels?: Labels };
      ports?: { name?: string; targetPort?: string | number }[];
    };
    const selector = doc.object.kind === 'Service' ? spec.selector : spec.selector?.matchLabels;
    const targets = inNamespace(doc, deployments).filter((d) =>
      matches(selector, (d.object as IDeployment).spec?.template.metadata?.labels),
    );
    if (targets.length === 0) {
      problems.push(`${doc.where}: its selector matches no Deployment's pods`);
      continue;
    }
    const portNames = new Set(
      targets
        .flatMap((t) => containersOf(t.object as IDeployment).flatMap((c) => c.ports ?? []))
        .map((p) => p.name),
    );
    for (const port of spec.ports ?? []) {
      if (typeof port.targetPort === 'string' && !portNames.has(port.targetPort))
        problems.push(
          `${doc.where}: targetPort ${port.targetPort} is not a container port of the selected pods`,
        );
    }
  }

  for (const doc of of('ScaledObject')) {
    const spec = doc.object.spec as {
      scaleTargetRef?: { name?: string; kind?: string };
      triggers?: { type?: string; metadata?: Record<string, unknown> }[];
    };
    const target = spec.scaleTargetRef;
    if (
      (target?.kind ?? 'Deployment') !== 'Deployment' ||
      !inNamespace(doc, deployments).some((d) => d.object.metadata?.name === target?.name)
    )
      problems.push(`${doc.where}: scaleTargetRef ${target?.name} is not a Deployment of the manifests`);
    for (const trigger of spec.triggers ?? []) {
      if (trigger.type !== 'nats-jetstream') continue;
      const m = trigger.metadata ?? {};
      if (m.stream !== burstStream)
        problems.push(`${doc.where}: trigger stream is ${m.stream}, the code uses ${burstStream}`);
      if (m.consumer !== burstConsumer)
        problems.push(`${doc.where}: trigger consumer is ${m.consumer}, the code uses ${burstConsumer}`);
      if (typeof m.account !== 'string' || m.account === '')
        problems.push(`${doc.where}: trigger needs an account`);
      if (
        typeof m.natsServerMonitoringEndpoint !== 'string' ||
        !/^[a-z0-9.-]+:\d+$/.test(m.natsServerMonitoringEndpoint)
      )
        problems.push(`${doc.where}: natsServerMonitoringEndpoint must be host:port (no scheme)`);
      for (const key of ['lagThreshold', 'activationLagThreshold']) {
        if (key in m && (typeof m[key] !== 'string' || !/^\d+$/.test(m[key] as string)))
          problems.push(`${doc.where}: ${key} must be a whole number in a string`);
      }
    }
  }
  return problems;
}
