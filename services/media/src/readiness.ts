import type { Sequelize } from 'sequelize';
import { checkDatabase } from '@episodic/db';
import type { ReadinessCheck } from '@episodic/http';
import type { ObjectStore } from '@episodic/storage';

/** What `/ready` checks: the database answers and the bucket is reachable (uploads need both). */
export function readinessChecks(sequelize: Sequelize, store: ObjectStore): Record<string, ReadinessCheck> {
  return {
    database: () => checkDatabase(sequelize),
    s3: () => store.check(),
  };
}
