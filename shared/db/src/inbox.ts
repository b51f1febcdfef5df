import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

export type InboxOutcome = 'applied' | 'duplicate';

/**
 * Applies an event's effect at most once. The event id is recorded in `inbox` in the same
 * transaction as the effect, so a redelivered event (same id) changes nothing, and a failed
 * effect leaves no inbox row behind so the retry runs it again.
 *
 *   await applyOnce(sequelize, event, (transaction) => ActivityLog.create(row, { transaction }));
 */
export async function applyOnce(
  sequelize: Sequelize,
  event: { id: string; type: string },
  effect: (transaction: Transaction) => Promise<unknown>,
): Promise<InboxOutcome> {
  return sequelize.transaction(async (transaction) => {
    const inserted = await sequelize.query(
      `INSERT INTO inbox (event_id, event_type, processed_at) VALUES (:id, :type, now())
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      { replacements: { id: event.id, type: event.type }, type: QueryTypes.SELECT, transaction },
    );
    if (inserted.length === 0) return 'duplicate';
    await effect(transaction);
    return 'applied';
  });
}
