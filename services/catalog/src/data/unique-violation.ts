import { UniqueConstraintError } from 'sequelize';

/** Whether `error` is PostgreSQL refusing a row because of the named unique index or constraint. */
export function violates(error: unknown, constraint: string): boolean {
  if (!(error instanceof UniqueConstraintError)) return false;
  const parent = (error as { parent?: { constraint?: string } }).parent;
  return parent?.constraint === constraint;
}
