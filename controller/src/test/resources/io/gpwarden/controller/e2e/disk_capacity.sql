-- gpwarden.disk_capacity on the stand-in coordinator: the size of the file system under each
-- acting primary's data directory (df -Pk), the way docs/controller.md's external web table
-- gives it on Greenplum. gp_toolkit.gp_disk_free reports free space only.
CREATE SCHEMA IF NOT EXISTS gpwarden;

CREATE OR REPLACE FUNCTION gpwarden.disk_capacity_rows()
RETURNS TABLE (dfsegment integer, dfhostname text, dfdevice text, dftotal bigint)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    seg record;
    fs text[];
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS gpwarden_df (line text) ON COMMIT DROP;
    FOR seg IN SELECT c.content, c.hostname, c.datadir FROM gp_segment_configuration c
               WHERE c.content >= 0 AND c.role = 'p' ORDER BY c.content LOOP
        TRUNCATE gpwarden_df;
        EXECUTE format('COPY gpwarden_df FROM PROGRAM %L WITH (FORMAT text, DELIMITER %L)',
                       'df -Pk ' || quote_literal(seg.datadir) || ' | tail -n 1', E'\x1f');
        SELECT regexp_split_to_array(trim(d.line), '\s+') INTO fs FROM gpwarden_df d LIMIT 1;
        CONTINUE WHEN fs IS NULL OR array_length(fs, 1) < 4;
        dfsegment := seg.content;
        dfhostname := seg.hostname;
        dfdevice := fs[1];
        dftotal := fs[2]::bigint;
        RETURN NEXT;
    END LOOP;
END
$$;

CREATE OR REPLACE VIEW gpwarden.disk_capacity AS SELECT * FROM gpwarden.disk_capacity_rows();
GRANT USAGE ON SCHEMA gpwarden TO PUBLIC;
GRANT SELECT ON gpwarden.disk_capacity TO PUBLIC;
