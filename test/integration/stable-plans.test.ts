/**
 * Statements defined with `stablePlan` keep the plan the server makes the first time it sees them
 * (`CYPHER replan=skip`), however the graph grows afterwards. That is only safe for a plan that
 * finds everything through index seeks, so that it costs the same on a graph of any size. Each is
 * planned here on an empty database, the worst case (every statistic is zero), and must scan
 * nothing: no label, type or all-nodes scan, anywhere in the plan.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { STABLE_PLAN_QUERIES, type Database } from '../../src/data/database.js';
// The stores define the statements; importing them fills STABLE_PLAN_QUERIES.
import '../../src/data/bundle-queries.js';
import '../../src/data/history-store.js';
import '../../src/data/merge-redirects.js';
import '../../src/data/restriction.js';
import { applySchema } from '../../src/data/schema-setup.js';
import { testDatabase, wipe } from '../support/test-api.js';

let db: Database;
beforeAll(async () => {
  db = testDatabase();
  await wipe(db);
  await applySchema(db);
  return () => db.close();
});

interface PlanNode {
  operatorType: string;
  children: PlanNode[];
}
const operators = (plan: PlanNode): string[] => [plan.operatorType.split('@')[0]!, ...plan.children.flatMap(operators)];

describe('statements planned once and kept', () => {
  it('include the history and restriction statements of every write', () => {
    const names = STABLE_PLAN_QUERIES.map((q) => q.name);
    expect(names).toEqual(expect.arrayContaining(['subjectSnapshots', 'refreshRestrictionEntities', 'refreshRestrictionRelationsAndStatements', 'recordChanges']));
  });

  it('scan nothing when planned on an empty database', async () => {
    for (const query of STABLE_PLAN_QUERIES) {
      expect(query.text, query.name).toContain('CYPHER replan=skip');
      const session = db.driver.session({ database: db.database });
      try {
        const result = await session.run(`EXPLAIN ${query.text}`);
        const used = operators(result.summary.plan as unknown as PlanNode);
        expect(used.length, query.name).toBeGreaterThan(1);
        expect(used.filter((operator) => /Scan/.test(operator)), query.name).toEqual([]);
      } finally {
        await session.close();
      }
    }
  });
});
