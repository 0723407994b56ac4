export type WorkerCall = { id: number } & (
  | { op: 'activate'; task: string; sha256: string }
  | { op: 'classify'; task: string; text: string }
  | { op: 'tag'; task: string; text: string }
  | { op: 'close' }
);

export type WorkerResult =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: string; message: string } };
