import { Knex } from 'knex';
import {
  CHANGE_KINDS,
  ChangeKind,
  Condition,
  Decision,
  NotifiedState,
} from './decide';

const TABLE = 'scaling_notification_state';

/** Chunk size of `IN (…)` lists: well below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** The first key of the plugin's per-entity advisory locks (an arbitrary 32-bit number). */
const LOCK_CLASS = 0x5ca1;

function isChangeKind(value: string): value is ChangeKind {
  return (CHANGE_KINDS as readonly string[]).includes(value);
}

function toState(
  rows: Array<{ entity_ref: string; change: string; value: string }>,
): Map<string, Map<ChangeKind, string>> {
  const states = new Map<string, Map<ChangeKind, string>>();
  for (const row of rows) {
    if (!isChangeKind(row.change)) continue;
    let state = states.get(row.entity_ref);
    if (!state) states.set(row.entity_ref, (state = new Map()));
    state.set(row.change, row.value ?? '');
  }
  return states;
}

/**
 * The last notified state per entity, in the plugin's database (table created by the
 * plugin's migrations, which the scaling store runs at startup).
 */
export class NotificationStateStore {
  constructor(private readonly db: Knex) {}

  /** The notified state of each of the entities that has one. */
  async read(entityRefs: string[]): Promise<Map<string, NotifiedState>> {
    const rows: Array<{ entity_ref: string; change: string; value: string }> =
      [];
    for (let i = 0; i < entityRefs.length; i += CHUNK) {
      rows.push(
        ...(await this.db(TABLE)
          .whereIn('entity_ref', entityRefs.slice(i, i + CHUNK))
          .select('entity_ref', 'change', 'value')),
      );
    }
    return toState(rows);
  }

  /**
   * Decides about one entity in one transaction with its notified state, locked on PostgreSQL
   * (a transaction-scoped advisory lock per entity; SQLite's transactions are serialized), and
   * records the decision: the conditions to notify are recorded as notified and the kinds to
   * reset are removed before the commit, so that neither a later run nor another replica
   * decides the same again. The notifications are sent after the commit (sending inside the
   * transaction would hold one of the plugin's database connections over a call that the
   * notifications backend authenticates by asking this plugin, whose keys live in the same
   * database); one that fails is handed back with `release`.
   */
  async decideAndRecord(
    entityRef: string,
    fn: (state: NotifiedState) => Decision | Promise<Decision>,
    now: Date,
  ): Promise<{ decision: Decision; previous: NotifiedState }> {
    return this.db.transaction(async tx => {
      if (this.db.client.dialect === 'postgresql') {
        // Rows that do not exist yet cannot be locked: a lock per entity, held to the commit,
        // serializes the decisions about one entity across replicas.
        await tx.raw(
          'SELECT pg_advisory_xact_lock(CAST(? AS integer), hashtext(CAST(? AS text)))',
          [LOCK_CLASS, entityRef],
        );
      }
      const rows = await tx(TABLE)
        .where('entity_ref', entityRef)
        .select('entity_ref', 'change', 'value');
      const previous: NotifiedState = toState(rows).get(entityRef) ?? new Map();
      const decision = await fn(previous);
      if (decision.reset.length > 0) {
        await tx(TABLE)
          .where('entity_ref', entityRef)
          .whereIn('change', decision.reset)
          .delete();
      }
      for (const condition of [...decision.notify, ...decision.update]) {
        await tx(TABLE)
          .insert({
            entity_ref: entityRef,
            change: condition.kind,
            value: condition.value,
            notified_at: now,
          })
          .onConflict(['entity_ref', 'change'])
          .merge(['value', 'notified_at']);
      }
      return { decision, previous };
    });
  }

  /**
   * Undoes the record of a condition whose notification could not be sent, so that the next
   * scan decides it again: back to the previous value, or no record. Only while the record is
   * still the one `decideAndRecord` wrote.
   */
  async release(
    entityRef: string,
    condition: Condition,
    previousValue: string | undefined,
  ): Promise<void> {
    const mine = this.db(TABLE).where({
      entity_ref: entityRef,
      change: condition.kind,
      value: condition.value,
    });
    if (previousValue === undefined) await mine.delete();
    else await mine.update({ value: previousValue });
  }

  /** Removes the state of every entity not among those given (they left the scan). */
  async retainOnly(entityRefs: ReadonlySet<string>): Promise<number> {
    const known: string[] = (await this.db(TABLE).distinct('entity_ref')).map(
      (row: { entity_ref: string }) => row.entity_ref,
    );
    const gone = known.filter(ref => !entityRefs.has(ref));
    for (let i = 0; i < gone.length; i += CHUNK) {
      await this.db(TABLE)
        .whereIn('entity_ref', gone.slice(i, i + CHUNK))
        .delete();
    }
    return gone.length;
  }
}
