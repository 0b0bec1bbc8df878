-- Greenplum's catalog on the stand-in coordinator, visible unqualified as in Greenplum.
-- Tables that Greenplum keeps in pg_catalog are created there (allow_system_table_mods lets a
-- superuser do it); the stand-in's own plumbing lives in schema gpwarden_testcluster.
SET allow_system_table_mods = on;

CREATE TABLE pg_catalog.gp_segment_configuration (
    dbid smallint PRIMARY KEY,
    content smallint NOT NULL,
    role "char" NOT NULL CHECK (role IN ('p', 'm')),
    preferred_role "char" NOT NULL CHECK (preferred_role IN ('p', 'm')),
    mode "char" NOT NULL CHECK (mode IN ('s', 'n')),
    status "char" NOT NULL CHECK (status IN ('u', 'd')),
    port integer NOT NULL,
    hostname text NOT NULL,
    address text NOT NULL,
    datadir text NOT NULL
);

CREATE TABLE pg_catalog.gp_configuration_history (
    "time" timestamp with time zone NOT NULL,
    dbid smallint NOT NULL,
    "desc" text
);

GRANT SELECT ON pg_catalog.gp_segment_configuration, pg_catalog.gp_configuration_history TO PUBLIC;

CREATE SCHEMA gpwarden_testcluster;
CREATE EXTENSION dblink SCHEMA gpwarden_testcluster;

-- FTS loop ticks: the daemon sets start_tick = n when loop n starts and end_tick = n when it ends.
CREATE TABLE gpwarden_testcluster.fts_probe_state (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    start_tick bigint NOT NULL DEFAULT 0,
    end_tick bigint NOT NULL DEFAULT 0,
    started_at timestamptz,
    ended_at timestamptz,
    worst_loop_ms bigint NOT NULL DEFAULT 60000
);
INSERT INTO gpwarden_testcluster.fts_probe_state DEFAULT VALUES;

-- disk-fill HOST PERCENT: the used share gp_disk_free reports for the segments of a host.
CREATE TABLE gpwarden_testcluster.disk_fill (
    hostname text PRIMARY KEY,
    percent numeric NOT NULL CHECK (percent >= 0 AND percent <= 100)
);

-- gp_request_fts_probe_scan(): wake the FTS daemon and wait for a loop that started after the
-- call to finish (Greenplum's start-tick/end-tick rule). The daemon sleeps between loops in
-- pg_sleep() on a connection named gp_fts_probe_waiter; cancelling that sleep starts a loop.
CREATE FUNCTION pg_catalog.gp_request_fts_probe_scan() RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    s0 bigint;
    e bigint;
    worst bigint;
    deadline timestamptz;
BEGIN
    SELECT start_tick, worst_loop_ms INTO s0, worst FROM gpwarden_testcluster.fts_probe_state;
    deadline := clock_timestamp() + make_interval(secs => greatest(30, 3 * worst / 1000.0));
    LOOP
        SELECT end_tick INTO e FROM gpwarden_testcluster.fts_probe_state;
        EXIT WHEN e > s0;
        PERFORM pg_cancel_backend(a.pid) FROM pg_stat_activity a
          WHERE a.application_name = 'gp_fts_probe_waiter' AND a.state = 'active'
            AND a.datname = current_database();
        IF clock_timestamp() > deadline THEN
            RAISE EXCEPTION 'FTS probe did not complete'
              USING HINT = 'the FTS emulation of the test cluster is not running (see logs/fts.log)';
        END IF;
        PERFORM pg_sleep(0.05);
    END LOOP;
    RETURN true;
END
$$;
GRANT EXECUTE ON FUNCTION pg_catalog.gp_request_fts_probe_scan() TO PUBLIC;

-- pg_stat_replication of every acting primary, read live over dblink. A primary that does not
-- answer contributes no rows (rather than failing the whole view).
CREATE FUNCTION gpwarden_testcluster.segment_replication()
RETURNS TABLE (gp_segment_id integer, pid integer, usesysid oid, usename name, application_name text,
               client_addr inet, client_hostname text, client_port integer, backend_start timestamptz,
               backend_xmin xid, state text, sent_lsn pg_lsn, write_lsn pg_lsn, flush_lsn pg_lsn,
               replay_lsn pg_lsn, write_lag interval, flush_lag interval, replay_lag interval,
               sync_priority integer, sync_state text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seg record;
BEGIN
    FOR seg IN SELECT c.content, c.address, c.port FROM gp_segment_configuration c
               WHERE c.content >= 0 AND c.role = 'p' ORDER BY c.content LOOP
        BEGIN
            RETURN QUERY SELECT seg.content::integer, r.*
              FROM gpwarden_testcluster.dblink(
                     format('host=%s port=%s dbname=postgres user=%s connect_timeout=2 application_name=gp_stat_replication',
                            seg.address, seg.port, current_user),
                     'SELECT pid, usesysid, usename, application_name, client_addr, client_hostname, client_port,
                             backend_start, backend_xmin, state, sent_lsn, write_lsn, flush_lsn, replay_lsn,
                             write_lag, flush_lag, replay_lag, sync_priority, sync_state FROM pg_stat_replication')
                AS r(pid integer, usesysid oid, usename name, application_name text, client_addr inet,
                     client_hostname text, client_port integer, backend_start timestamptz, backend_xmin xid,
                     state text, sent_lsn pg_lsn, write_lsn pg_lsn, flush_lsn pg_lsn, replay_lsn pg_lsn,
                     write_lag interval, flush_lag interval, replay_lag interval, sync_priority integer,
                     sync_state text);
        EXCEPTION WHEN OTHERS THEN
            NULL;
        END;
    END LOOP;
END
$$;

CREATE VIEW pg_catalog.gp_stat_replication AS
    SELECT -1 AS gp_segment_id, r.pid, r.usesysid, r.usename, r.application_name, r.client_addr,
           r.client_hostname, r.client_port, r.backend_start, r.backend_xmin, r.state, r.sent_lsn,
           r.write_lsn, r.flush_lsn, r.replay_lsn, r.write_lag, r.flush_lag, r.replay_lag,
           r.sync_priority, r.sync_state, 'none'::text AS sync_error
      FROM pg_catalog.pg_stat_replication r
    UNION ALL
    SELECT s.*, 'none'::text AS sync_error FROM gpwarden_testcluster.segment_replication() s;
GRANT SELECT ON pg_catalog.gp_stat_replication TO PUBLIC;

-- gp_toolkit.gp_disk_free: one row per acting primary, free space of the filesystem under its
-- data directory (df -Pk, in kB), unless disk-fill set a used percentage for its host.
CREATE SCHEMA gp_toolkit;
GRANT USAGE ON SCHEMA gp_toolkit TO PUBLIC;

CREATE FUNCTION gpwarden_testcluster.disk_free()
RETURNS TABLE (dfsegment integer, dfhostname text, dfdevice text, dfspace bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    script text := '';
    seg record;
    fs text[];
    fill numeric;
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS gpwarden_df_raw (line text) ON COMMIT DROP;
    TRUNCATE gpwarden_df_raw;
    FOR seg IN SELECT c.content, c.hostname, c.datadir FROM gp_segment_configuration c
               WHERE c.content >= 0 AND c.role = 'p' ORDER BY c.content LOOP
        script := script || format('printf ''%%s|%%s|%%s\n'' %s %s "$(df -Pk %s 2>/dev/null | tail -n 1)"; ',
            seg.content, quote_literal(seg.hostname), quote_literal(seg.datadir));
    END LOOP;
    IF script = '' THEN
        RETURN;
    END IF;
    EXECUTE format('COPY gpwarden_df_raw FROM PROGRAM %L WITH (FORMAT text, DELIMITER %L)', script, E'\x1f');
    FOR seg IN SELECT split_part(r.line, '|', 1)::integer AS content, split_part(r.line, '|', 2) AS hostname,
                      split_part(r.line, '|', 3) AS df FROM gpwarden_df_raw r LOOP
        fs := regexp_split_to_array(trim(seg.df), '\s+');
        CONTINUE WHEN array_length(fs, 1) IS NULL OR array_length(fs, 1) < 4;
        SELECT f.percent INTO fill FROM gpwarden_testcluster.disk_fill f WHERE f.hostname = seg.hostname;
        dfsegment := seg.content;
        dfhostname := seg.hostname;
        dfdevice := fs[1];
        IF fill IS NULL THEN
            dfspace := fs[4]::bigint;
        ELSE
            dfspace := floor(fs[2]::numeric * (100 - fill) / 100)::bigint;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$$;

CREATE VIEW gp_toolkit.gp_disk_free AS SELECT * FROM gpwarden_testcluster.disk_free();
GRANT SELECT ON gp_toolkit.gp_disk_free TO PUBLIC;
