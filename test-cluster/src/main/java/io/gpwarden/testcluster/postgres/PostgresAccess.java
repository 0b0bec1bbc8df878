package io.gpwarden.testcluster.postgres;

import io.gpwarden.testcluster.process.OsAccount;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What every server of one launcher or cluster shares: the binaries, the OS account that runs
 * them, the superuser and its password, and the pgpass file (mode 0600, owned by that account)
 * through which the server tools (pg_basebackup, pg_rewind, dblink) authenticate.
 *
 * <p>{@link #toString} never shows the password.
 */
public record PostgresAccess(PostgresBinaries binaries, OsAccount account, String superuser,
                             String password, Path passFile) {

    /** Environment for server tools: they read the password from the pgpass file. */
    public Map<String, String> environment() {
        return Map.of("PGPASSFILE", passFile.toString(), "PGUSER", superuser);
    }

    /** {@code program args...} as run by the database account. */
    public List<String> asAccount(String program, String... args) {
        java.util.ArrayList<String> argv = new java.util.ArrayList<>();
        argv.add(binaries.program(program));
        argv.addAll(List.of(args));
        return account.command(argv);
    }

    /** The pgpass line for the superuser on every host and port. */
    public static String passFileLine(String superuser, String password) {
        return "*:*:*:" + escape(superuser) + ":" + escape(password) + "\n";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace(":", "\\:");
    }

    @Override
    public String toString() {
        return "PostgresAccess[bin=" + binaries.bin() + ", account=" + account.name()
                + ", superuser=" + superuser + ", passFile=" + passFile + "]";
    }
}
