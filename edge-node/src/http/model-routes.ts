import { BranchlineError, jsonBody } from '@branchline/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { Models } from '../models/index.js';

const predictSchema = z.object({ text: z.string().min(1).max(4000) });

/** What the edge's local models say about a text: for operators checking a rollout. */
export function modelRoutes(registry: Models, tasks: () => string[]): Hono {
  const app = new Hono();
  app.get('/', (c) =>
    c.json({
      models: tasks().map((task) => {
        const card = registry.card(task);
        return {
          task,
          kind: card?.kind,
          sha256: card?.onnxSha256,
          labels: card?.labels.length,
          createdAt: card?.createdAt,
        };
      }),
    }),
  );
  app.post('/:task/predict', async (c) => {
    const parsed = predictSchema.safeParse(await jsonBody(c));
    if (!parsed.success)
      throw new BranchlineError('invalid_argument', `text: ${parsed.error.issues[0]?.message}`);
    const task = c.req.param('task');
    const card = registry.card(task);
    if (!card) throw new BranchlineError('not_found', `no ${task} model on this edge`);
    if (card.kind === 'tagger') return c.json({ task, entities: await registry.tag(task, parsed.data.text) });
    const result = await registry.classify(task, parsed.data.text);
    return c.json({ task, label: result.label, confidence: result.confidence, abstained: result.abstained });
  });
  return app;
}
