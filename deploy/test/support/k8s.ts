import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject';
import { TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { repoRoot, shown } from './paths.js';

export type K8sObject = {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: unknown;
  data?: Record<string, unknown>;
};

export interface K8sDocument {
  /** `file#index kind/name`, for messages. */
  where: string;
  object: K8sObject;
}

interface Kind {
  model: { apiVersion: string; kind: string; new (data: never): { validate(): void } };
  /** The model's TypeScript interface and module, for the unknown-field check. */
  type: string;
  module: string;
}

/** The kinds deploy/k8s may hold; any other kind fails validation. */
const kinds: Kind[] = [
  { model: Namespace, type: 'INamespace', module: 'kubernetes-models/v1/Namespace' },
  { model: ConfigMap, type: 'IConfigMap', module: 'kubernetes-models/v1/ConfigMap' },
  { model: Service, type: 'IService', module: 'kubernetes-models/v1/Service' },
  { model: Deployment, type: 'IDeployment', module: 'kubernetes-models/apps/v1/Deployment' },
  {
    model: PodDisruptionBudget,
    type: 'IPodDisruptionBudget',
    module: 'kubernetes-models/policy/v1/PodDisruptionBudget',
  },
  {
    model: ScaledObject,
    type: 'IScaledObject',
    module: '@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject',
  },
  {
    model: TriggerAuthentication,
    type: 'ITriggerAuthentication',
    module: '@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication',
  },
];

const kindOf = (object: K8sObject) =>
  kinds.find((k) => k.model.apiVersion === object.apiVersion && k.model.kind === object.kind);

/** Every YAML document of the files, in order; a YAML syntax error throws. */
export function loadK8sDocuments(files: string[]): K8sDocument[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8')).map((doc, index) => {
      if (doc.errors.length > 0) throw new Error(`${shown(file)}#${index}: ${doc.errors[0]?.message}`);
      const object = (doc.toJS() ?? {}) as K8sObject;
      return {
        where: `${shown(file)}#${index} ${String(object.kind)}/${object.metadata?.name ?? '?'}`,
        object,
      };
    }),
  );
}

/** Schema errors of one object against its kubernetes-models / KEDA model ('' when valid). */
export function schemaErrors(object: K8sObject): string {
  const kind = kindOf(object);
  if (!kind) return `no model for ${String(object.apiVersion)} ${String(object.kind)}`;
  try {
    new kind.model(object as never).validate();
    return '';
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Unknown fields, which the models' JSON schemas allow (Kubernetes' OpenAPI has no
 * `additionalProperties: false`): each document becomes a typed object literal in a scratch
 * TypeScript file, and tsc's excess-property check names any field the model's interface lacks,
 * at any depth. tsc stops at the first excess property of each literal, so a document with two
 * typos shows one at a time. Returns one message per tsc error ('' lines never).
 */
export function unknownFieldErrors(docs: K8sDocument[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bl-k8s-strict-'));
  try {
    symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const lines: string[] = [];
    const owners: string[] = [];
    const push = (line: string, owner = '') => {
      lines.push(line);
      owners.push(owner);
    };
    for (const kind of kinds) push(`import type { ${kind.type} } from '${kind.module}';`);
    docs.forEach((doc, i) => {
      const kind = kindOf(doc.object);
      if (!kind) return;
      const literal = JSON.stringify(doc.object, null, 1).split('\n');
      push(`export const doc${i}: ${kind.type} = ${literal[0]}`, doc.where);
      for (const line of literal.slice(1)) push(line, doc.where);
    });
    writeFileSync(join(dir, 'manifests.mts'), `${lines.join('\n')}\n`);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'nodenext',
          moduleResolution: 'nodenext',
          skipLibCheck: true,
          types: [],
        },
        files: ['manifests.mts'],
      }),
    );
    const tsc = spawnSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', dir, '--pretty', 'false'], {
      encoding: 'utf8',
    });
    if (tsc.error) throw tsc.error;
    const errors = `${tsc.stdout}${tsc.stderr}`.split('\n').filter((line) => line.includes('error TS'));
    if (tsc.status !== 0 && errors.length === 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    return errors.map((line) => {
      const at = /manifests\.mts\((\d+),/.exec(line);
      const owner = at ? owners[Number(at[1]) - 1] : undefined;
      const message = line
        .replace(/^.*?error /, '')
        .replace(/'"([^"]+)"'/g, "'$1'")
        .replace(/in type '(.{60}).*'\.?$/, "in type '$1…'");
      return `${owner || 'manifests'}: ${message}`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
