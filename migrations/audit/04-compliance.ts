import type { MigrationFn } from '@episodic/db';

/**
 * The role the audit service runs as (services/audit/src/data/service-login.ts). It is a
 * cluster-wide group role without login: a login user, created by whoever provisions the database
 * with its own password, is made a member. It may only read and append the log; it owns nothing,
 * so it cannot ALTER (or disable the triggers of) any table.
 */
const AUDIT_WRITER_ROLE = 'episodic_audit_writer';

/**
 * Compliance: the hash algorithm version of each row (existing rows keep version 1; new rows are
 * version 2, RFC 8785), TRUNCATE refused, archived segments, legal holds, the writer role and the
 * one privileged function that removes an archived segment.
 */
export const up: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    DO $$ BEGIN
      CREATE ROLE ${AUDIT_WRITER_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;

    ALTER TABLE activity_logs ADD COLUMN hash_version smallint NOT NULL DEFAULT 1;
    ALTER TABLE activity_logs ALTER COLUMN hash_version DROP DEFAULT;

    CREATE TRIGGER activity_logs_no_truncate BEFORE TRUNCATE ON activity_logs
      FOR EACH STATEMENT EXECUTE FUNCTION activity_logs_append_only();

    -- A retention pass may delete, but only inside audit_remove_segment (which sets this flag).
    CREATE OR REPLACE FUNCTION activity_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' AND current_setting('episodic.retention_pass', true) = 'on' THEN
        RETURN OLD;
      END IF;
      RAISE EXCEPTION 'activity_logs is append-only (% refused)', TG_OP;
    END $$;

    -- Gateway announcements are few; verify looks them up to report possible gaps.
    CREATE INDEX activity_logs_announcements ON activity_logs (event_type, id) WHERE event_type LIKE 'gateway.%';

    CREATE TABLE audit_segments (
      id bigserial PRIMARY KEY,
      first_id bigint NOT NULL,
      last_id bigint NOT NULL,
      row_count integer NOT NULL,
      first_prev_hash varchar(64),
      last_hash varchar(64) NOT NULL,
      object_key text NOT NULL,
      sha256 varchar(64) NOT NULL,
      archived_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz,
      CHECK (first_id <= last_id)
    );
    CREATE UNIQUE INDEX audit_segments_range ON audit_segments (first_id, last_id);

    CREATE TABLE legal_holds (
      id bigserial PRIMARY KEY,
      user_id varchar(255),
      resource_type varchar(100),
      resource_id integer,
      reason text NOT NULL,
      created_by varchar(255) NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      lifted_at timestamptz,
      lifted_by varchar(255),
      CHECK ((user_id IS NOT NULL) <> (resource_type IS NOT NULL AND resource_id IS NOT NULL))
    );

    -- Removes exactly the rows of one segment already archived (its recorded row count must match).
    CREATE FUNCTION audit_remove_segment(segment_id bigint) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    DECLARE
      segment audit_segments;
      removed integer;
    BEGIN
      SELECT * INTO segment FROM audit_segments WHERE id = segment_id AND removed_at IS NULL FOR UPDATE;
      IF NOT FOUND THEN RAISE EXCEPTION 'no archived segment % to remove', segment_id; END IF;
      PERFORM set_config('episodic.retention_pass', 'on', true);
      DELETE FROM activity_logs WHERE id BETWEEN segment.first_id AND segment.last_id;
      GET DIAGNOSTICS removed = ROW_COUNT;
      PERFORM set_config('episodic.retention_pass', 'off', true);
      IF removed <> segment.row_count THEN
        RAISE EXCEPTION 'segment % holds % rows, % found', segment_id, segment.row_count, removed;
      END IF;
      UPDATE audit_segments SET removed_at = now() WHERE id = segment_id;
      RETURN removed;
    END $$;

    REVOKE ALL ON activity_logs, inbox, audit_segments, legal_holds FROM PUBLIC;
    REVOKE ALL ON FUNCTION audit_remove_segment(bigint) FROM PUBLIC;
    GRANT SELECT, INSERT ON activity_logs, inbox, audit_segments TO ${AUDIT_WRITER_ROLE};
    GRANT SELECT, INSERT ON legal_holds TO ${AUDIT_WRITER_ROLE};
    GRANT UPDATE (lifted_at, lifted_by) ON legal_holds TO ${AUDIT_WRITER_ROLE};
    GRANT USAGE ON SEQUENCE activity_logs_id_seq, audit_segments_id_seq, legal_holds_id_seq TO ${AUDIT_WRITER_ROLE};
    GRANT EXECUTE ON FUNCTION audit_remove_segment(bigint) TO ${AUDIT_WRITER_ROLE};
  `);
};

export const down: MigrationFn = async ({ context: { sequelize } }) => {
  await sequelize.query(`
    REVOKE ALL ON activity_logs, inbox FROM ${AUDIT_WRITER_ROLE};
    REVOKE ALL ON SEQUENCE activity_logs_id_seq FROM ${AUDIT_WRITER_ROLE};
    DROP FUNCTION audit_remove_segment(bigint);
    DROP TABLE legal_holds;
    DROP TABLE audit_segments;
    DROP INDEX activity_logs_announcements;
    DROP TRIGGER activity_logs_no_truncate ON activity_logs;
    CREATE OR REPLACE FUNCTION activity_logs_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'activity_logs is append-only (% refused)', TG_OP;
    END $$;
    ALTER TABLE activity_logs DROP COLUMN hash_version;
  `);
};
