import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateStore } from '../database/migrateStore';
import { Condition, decide } from './decide';
import { NotificationStateStore } from './NotificationStateStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const REF = 'component:default/cart';
const UNDER: Condition = { kind: 'under-provisioned', value: '' };

describe.each(databases.eachSupportedId())(
  'NotificationStateStore on %s',
  id => {
    async function stores(count: number) {
      const knex = await databases.init(id);
      await migrateStore(knex);
      return Array.from(
        { length: count },
        () => new NotificationStateStore(knex),
      );
    }

    /** One run's decision for the entity, as the notifier makes it; returns what it notifies. */
    async function run(store: NotificationStateStore, current: Condition[]) {
      const { decision } = await store.decideAndRecord(
        REF,
        async state => {
          const decided = decide(current, state);
          // Long enough for a concurrent run to reach the same point.
          await new Promise(r => setTimeout(r, 50));
          return decided;
        },
        new Date(),
      );
      return decision.notify.map(c => c.kind);
    }

    it('lets one of two concurrent runs notify a change, and the other see it recorded', async () => {
      const [a, b] = await stores(2);
      const sent = (
        await Promise.all([run(a, [UNDER]), run(b, [UNDER])])
      ).flat();
      expect(sent).toEqual(['under-provisioned']);
      expect((await a.read([REF])).get(REF)).toEqual(
        new Map([['under-provisioned', '']]),
      );
    });

    it('resets a cleared change, and releases one that could not be sent', async () => {
      const [store] = await stores(1);
      expect(await run(store, [UNDER])).toEqual(['under-provisioned']);
      expect(await run(store, [UNDER])).toEqual([]);
      expect(await run(store, [])).toEqual([]);
      expect(await store.read([REF])).toEqual(new Map());
      expect(await run(store, [UNDER])).toEqual(['under-provisioned']);

      // Sending failed: the record goes back to what it was, and the next run decides again.
      await store.release(REF, UNDER, undefined);
      expect(await store.read([REF])).toEqual(new Map());
      expect(await run(store, [UNDER])).toEqual(['under-provisioned']);
      const enterprise: Condition = { kind: 'forecast', value: 'enterprise' };
      await run(store, [UNDER, { kind: 'forecast', value: 'kubernetes' }]);
      expect(await run(store, [UNDER, enterprise])).toEqual(['forecast']);
      await store.release(REF, enterprise, 'kubernetes');
      expect((await store.read([REF])).get(REF)).toEqual(
        new Map([
          ['under-provisioned', ''],
          ['forecast', 'kubernetes'],
        ]),
      );

      expect(await store.retainOnly(new Set(['component:default/other']))).toBe(
        1,
      );
      expect(await store.read([REF])).toEqual(new Map());
    });
  },
);
