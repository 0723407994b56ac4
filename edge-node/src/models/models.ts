import type { Classification, EntitySpan, ModelCard } from '@branchline/shared';

/** What the edge needs of its models, served in-process or from a worker thread. */
export interface Models {
  activate(task: string, sha256: string): Promise<ModelCard>;
  card(task: string): ModelCard | undefined;
  classify(task: string, text: string): Promise<Classification>;
  tag(task: string, text: string): Promise<EntitySpan[]>;
  close(): Promise<void>;
}
