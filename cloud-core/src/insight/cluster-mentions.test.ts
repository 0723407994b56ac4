import { describe, expect, it } from 'vitest';
import { type ClusterItem, clusterMentions } from './cluster-mentions.js';

const objection = (text: string): ClusterItem => ({ kind: 'objection', text });

describe('clusterMentions', () => {
  it('groups sentences about the same worry and names the group by its shared words', () => {
    const clusters = clusterMentions([
      objection('我担心小区不让装充电桩以外的东西，物业不同意'),
      objection("I'm worried about parking at the branch, parking is always full"),
      objection('担心物业不同意，物业那边很难说话'),
      objection('The parking situation worries me, no parking near your office'),
      objection('物业不同意的话怎么办，我很担心'),
      objection('I hesitate because of the weather'),
    ]);
    expect(clusters.map((c) => c.size)).toEqual([3, 2]);
    expect(clusters[0]?.label).toContain('物业不同意');
    expect(clusters[1]?.terms.join(' ')).toContain('parking');
    expect(clusters[0]?.examples).toHaveLength(3);
  });

  it('keeps reasons and objections apart, ignores tokens and drops singletons', () => {
    const clusters = clusterMentions([
      { kind: 'reason', text: 'I like the app for ⟦NAME_1⟧ because the app is simple' },
      { kind: 'objection', text: "I don't like the app, the app is confusing" },
      { kind: 'reason', text: 'The app is simple, that is why I chose you, ⟦NAME_2⟧' },
    ]);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toMatchObject({ kind: 'reason', size: 2 });
    expect(clusters[0]?.label).not.toMatch(/NAME/);
  });

  it('gives nothing for nothing', () => {
    expect(clusterMentions([])).toEqual([]);
  });
});
