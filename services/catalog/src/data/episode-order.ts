import { literal, Op, type OrderItem, type Sequelize, type WhereOptions } from 'sequelize';
import type { Episode } from '../contract-types.ts';

/**
 * The orders a list can be read in: by show/season/episode, by air date (nulls last) either way,
 * or by change (last_modified, id: the order of an `updated_since` sync).
 */
export type EpisodeSort = 'show' | 'air_date' | '-air_date' | 'last_modified';

/** Where a page ended: the last row's sort key and id. Becomes the opaque cursor. */
export type EpisodePosition =
  | { sort: 'show'; show_name: string; season_number: number; episode_number: number; id: number }
  | { sort: 'air_date' | '-air_date'; air_date: string | null; id: number }
  | { sort: 'last_modified'; last_modified: string; id: number };

/**
 * Each air-date sort as one ascending expression (nulls last), so that a keyset is one row
 * comparison an index answers (migration 08 indexes both, live rows only): ascending dates
 * with null as 'infinity', or descending ones as days before 1970 with null as the largest integer.
 * A direction-mixed ORDER BY (date descending, id ascending) could not be one index range.
 */
const AIR_DATE_KEYS = {
  air_date: "coalesce(air_date, 'infinity'::date)",
  '-air_date': "coalesce(date '1970-01-01' - air_date, 2147483647)",
} as const;

/** ORDER BY for each sort; every one ends in id so the order is total (a keyset needs that). */
export const ORDERS: Record<EpisodeSort, OrderItem[]> = {
  show: [['show_name', 'ASC'], ['season_number', 'ASC'], ['episode_number', 'ASC'], ['id', 'ASC']],
  air_date: [[literal(AIR_DATE_KEYS.air_date), 'ASC'], ['id', 'ASC']],
  '-air_date': [[literal(AIR_DATE_KEYS['-air_date']), 'ASC'], ['id', 'ASC']],
  last_modified: [['last_modified', 'ASC'], ['id', 'ASC']],
};

/** The position just after `episode` in `sort` order. */
export function positionOf(sort: EpisodeSort, episode: Episode): EpisodePosition {
  if (sort === 'show') {
    const { show_name, season_number, episode_number, id } = episode;
    return { sort, show_name, season_number, episode_number, id };
  }
  if (sort === 'last_modified') return { sort, last_modified: episode.last_modified, id: episode.id };
  return { sort, air_date: episode.air_date ?? null, id: episode.id };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isId = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;

/** Whether a decoded cursor is a position of `sort` (a cursor from another sort, or forged, is not). */
export function isPosition(sort: EpisodeSort, value: Record<string, unknown>): boolean {
  if (value['sort'] !== sort || !isId(value['id'])) return false;
  if (sort === 'show') {
    return typeof value['show_name'] === 'string' && isCount(value['season_number']) && isCount(value['episode_number']);
  }
  if (sort === 'last_modified') return typeof value['last_modified'] === 'string' && !Number.isNaN(Date.parse(value['last_modified']));
  return value['air_date'] === null || (typeof value['air_date'] === 'string' && DATE.test(value['air_date']));
}

/** The rows strictly after `position` in its sort order. */
export function after(sequelize: Sequelize, position: EpisodePosition): WhereOptions {
  if (position.sort === 'show') {
    // A row comparison walks the (show, season, episode, id) index directly.
    const key = [position.show_name, position.season_number, position.episode_number, position.id].map((v) => sequelize.escape(v));
    return sequelize.where(sequelize.literal('(show_name, season_number, episode_number, id)'), Op.gt, sequelize.literal(`(${key.join(', ')})`));
  }
  if (position.sort === 'last_modified') {
    const key = [sequelize.escape(position.last_modified), sequelize.escape(position.id)];
    return sequelize.where(sequelize.literal('(last_modified, id)'), Op.gt, sequelize.literal(`(${key[0]}::timestamptz, ${key[1]})`));
  }
  const key = AIR_DATE_KEYS[position.sort];
  return sequelize.where(literal(`(${key}, id)`), Op.gt, literal(`(${keyOf(sequelize, position.sort, position.air_date)}, ${sequelize.escape(position.id)})`));
}

/**
 * An air-date sort's key bounds implied by the air_date_from/to filters. They repeat those filters
 * in the key's terms, so PostgreSQL reads only that range of the sort's index instead of
 * filtering its way along it; the plain filters stay and decide what matches.
 */
export function airDateBounds(sequelize: Sequelize, sort: EpisodeSort, range: { air_date_from?: string; air_date_to?: string }): WhereOptions[] {
  if (sort !== 'air_date' && sort !== '-air_date') return [];
  const bound = (date: string | undefined, ascending: boolean) =>
    date === undefined ? [] : [sequelize.where(literal(AIR_DATE_KEYS[sort]), ascending === (sort === 'air_date') ? Op.gte : Op.lte, literal(keyOf(sequelize, sort, date)))];
  return [...bound(range.air_date_from, true), ...bound(range.air_date_to, false)];
}

/** The sort key of an air date (or null), as SQL. */
function keyOf(sequelize: Sequelize, sort: 'air_date' | '-air_date', airDate: string | null): string {
  return AIR_DATE_KEYS[sort].replace('air_date', airDate === null ? 'NULL::date' : `${sequelize.escape(airDate)}::date`);
}
