import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ModelCard, modelCardSchema, sha256Hex } from '@branchline/shared';

/**
 * Writes model.onnx and model.json into `outDir` via a sibling temp dir and a rename, so a
 * reader never sees a half-written model or a card that names another file.
 */
type WithoutDigest<T> = T extends unknown ? Omit<T, 'onnxSha256' | 'onnxBytes'> : never;

export async function writeModel(outDir: string, onnx: Uint8Array, card: WithoutDigest<ModelCard>) {
  const full = modelCardSchema.parse({ ...card, onnxSha256: sha256Hex(onnx), onnxBytes: onnx.byteLength });
  const staging = `${outDir.replace(/\/$/, '')}.tmp-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(join(staging, 'model.onnx'), onnx);
  await writeFile(join(staging, 'model.json'), `${JSON.stringify(full, null, 2)}\n`);
  await rm(outDir, { recursive: true, force: true });
  await rename(staging, outDir);
  return full;
}
