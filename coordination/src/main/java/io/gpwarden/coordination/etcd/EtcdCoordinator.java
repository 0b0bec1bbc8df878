package io.gpwarden.coordination.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.lease.LeaseGrantResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.lease.NoSuchLeaseException;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.gpwarden.config.Secret;
import io.gpwarden.coordination.Coordinator;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.Entry;
import io.gpwarden.coordination.LeaseGrant;
import io.gpwarden.coordination.Snapshot;
import io.gpwarden.coordination.Transaction;
import io.gpwarden.coordination.TxnOutcome;
import io.gpwarden.coordination.Watch;
import io.gpwarden.coordination.WatchListener;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * {@link Coordinator} on etcd v3 through jetcd 0.8.
 *
 * <p>How the client is set up, and why:
 * <ul>
 *   <li>every request is bounded by {@link EtcdSettings#callTimeout()} here, whatever jetcd's own
 *       retries would do, and reported as a {@link CoordinationException} ({@link EtcdFailures});
 *       a request that timed out may still have been applied: compare-and-set writes make the
 *       next attempt safe (a repeated create finds the key);</li>
 *   <li>{@code round_robin} over all endpoints, not jetcd's default {@code pick_first}: a member
 *       that is killed or unreachable is skipped by the next request instead of pinning every
 *       request to it until a connection-level timeout notices;</li>
 *   <li>no wait-for-ready: a request fails at once, with its cause (TLS, refused connection),
 *       when no member is connected, so a wrong CA is reported as such instead of as a timeout;</li>
 *   <li>HTTP/2 keep-alive pings every 10 s (gRPC's floor; etcd refuses pings more often than every
 *       5 s), so a member that stops answering is dropped within about 13 s even with no request
 *       in flight on it;</li>
 *   <li>reads are linearizable (jetcd's default), leases are kept alive one request at a time by
 *       the caller ({@link #keepAliveOnce}); the streaming keep-alive is never used (jetcd issues
 *       #965 and #1383: it can end quietly).</li>
 * </ul>
 * The password is resolved from its reference when the client is built and handed to jetcd only.
 */
public final class EtcdCoordinator implements Coordinator {
    private static final Duration KEEPALIVE_TIME = Duration.ofSeconds(10);
    private static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(3);

    private final EtcdSettings settings;
    private final EtcdFailures failures;
    private final Client client;
    private final Set<EtcdWatch> watches = ConcurrentHashMap.newKeySet();

    private EtcdCoordinator(EtcdSettings settings, Client client) {
        this.settings = settings;
        this.failures = new EtcdFailures(settings);
        this.client = client;
    }

    /**
     * A client for {@code settings}. Contacts no server (connections open on the first request:
     * call {@link #checkConnection()} to find a wrong password or CA at start). Throws
     * {@link io.gpwarden.config.ConfigException} when the password reference cannot be resolved and
     * {@link CoordinationException} ({@code TLS_MISCONFIGURED}) when the PEM files cannot be loaded.
     */
    public static EtcdCoordinator connect(EtcdSettings settings) {
        ClientBuilder b = Client.builder()
                .endpoints(settings.endpoints().toArray(new URI[0]))
                .loadBalancerPolicy("round_robin")
                .waitForReady(false)
                .connectTimeout(settings.connectTimeout())
                .keepaliveTime(KEEPALIVE_TIME)
                .keepaliveTimeout(KEEPALIVE_TIMEOUT)
                .retryMaxDuration(settings.callTimeout())
                .retryMaxAttempts(2)
                .retryDelay(100)
                .retryMaxDelay(500);
        if (settings.user().isPresent() && settings.password().isPresent()) {
            Secret password = settings.password().get().resolve();
            b.user(ByteSequence.from(settings.user().get(), StandardCharsets.UTF_8))
                    .password(ByteSequence.from(password.reveal(), StandardCharsets.UTF_8));
        }
        if (settings.tls().isPresent()) {
            EtcdSettings.Tls tls = settings.tls().get();
            try {
                b.sslContext(ssl -> {
                    ssl.trustManager(tls.caFile().toFile());
                    if (tls.certFile().isPresent() && tls.keyFile().isPresent()) {
                        ssl.keyManager(tls.certFile().get().toFile(), tls.keyFile().get().toFile());
                    }
                });
            } catch (SSLException | IllegalArgumentException e) {
                throw new CoordinationException(CoordinationException.Condition.TLS_MISCONFIGURED,
                        "cannot load the TLS files of coordination.tls (ca_file " + tls.caFile()
                                + tls.certFile().map(c -> ", cert_file " + c + ", key_file " + tls.keyFile().orElse(null))
                                .orElse("") + "): " + e.getMessage(), e);
            }
            // Certificates name the host the member was reached by; with several endpoints jetcd's
            // target has no single authority, so take the first endpoint's host (members share a SAN list).
            b.authority(settings.endpoints().get(0).getHost());
        }
        return new EtcdCoordinator(settings, b.build());
    }

    public EtcdSettings settings() {
        return settings;
    }

    /**
     * One linearizable read, to find at start what would otherwise surface on the first tick: a
     * wrong password or CA ({@link CoordinationException.Condition#isConfigurationError()}), or no
     * reachable member.
     */
    public void checkConnection() {
        call("connecting", () -> client.getKVClient().get(bytes("/gpwarden/v1/"),
                GetOption.builder().withCountOnly(true).build()));
    }

    @Override
    public Optional<Entry> get(String key) {
        GetResponse r = call("reading " + key, () -> client.getKVClient().get(bytes(key)));
        return r.getKvs().stream().findFirst().map(EtcdCoordinator::entry);
    }

    @Override
    public Snapshot list(String prefix) {
        GetResponse r = call("listing " + prefix, () -> client.getKVClient().get(bytes(prefix),
                GetOption.builder().isPrefix(true).build()));
        List<Entry> entries = new ArrayList<>();
        r.getKvs().forEach(kv -> entries.add(entry(kv)));
        return new Snapshot(entries, r.getHeader().getRevision());
    }

    @Override
    public TxnOutcome commit(Transaction transaction) {
        List<Cmp> compares = new ArrayList<>();
        for (Transaction.Compare c : transaction.compares()) {
            CmpTarget<?> target = c instanceof Transaction.Compare.CreateRevision cr
                    ? CmpTarget.createRevision(cr.revision())
                    : CmpTarget.modRevision(((Transaction.Compare.ModRevision) c).revision());
            compares.add(new Cmp(bytes(c.key()), Cmp.Op.EQUAL, target));
        }
        List<Op> operations = new ArrayList<>();
        for (Transaction.Operation o : transaction.operations()) {
            operations.add(o instanceof Transaction.Operation.Put p
                    ? Op.put(bytes(p.key()), bytes(p.value()), putOption(p.leaseId()))
                    : Op.delete(bytes(o.key()), DeleteOption.DEFAULT));
        }
        if (operations.isEmpty() && !transaction.compares().isEmpty()) {
            // etcd answers a transaction without operations as a serializable read, from whichever
            // member received it, possibly one that has not applied the latest writes yet (seen in
            // EtcdCoordinatorIT: a compare on a deleted and recreated key passed on a lagging
            // follower). A linearizable range makes the whole transaction linearizable.
            operations.add(Op.get(bytes(transaction.compares().get(0).key()), GetOption.DEFAULT));
        }
        String what = "transaction on " + transaction.operations().stream().map(Transaction.Operation::key).toList()
                + (transaction.operations().isEmpty() ? transaction.compares().stream()
                        .map(Transaction.Compare::key).toList().toString() : "");
        TxnResponse r = call(what, () -> client.getKVClient().txn()
                .If(compares.toArray(new Cmp[0]))
                .Then(operations.toArray(new Op[0]))
                .commit());
        return new TxnOutcome(r.isSucceeded(), r.getHeader().getRevision());
    }

    @Override
    public long put(String key, String value, long leaseId) {
        return call("writing " + key, () -> client.getKVClient().put(bytes(key), bytes(value), putOption(leaseId)))
                .getHeader().getRevision();
    }

    @Override
    public boolean delete(String key) {
        return call("deleting " + key, () -> client.getKVClient().delete(bytes(key))).getDeleted() > 0;
    }

    @Override
    public LeaseGrant grantLease(Duration ttl) {
        long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
        LeaseGrantResponse r = call("granting a lease", () -> client.getLeaseClient().grant(seconds));
        return new LeaseGrant(r.getID(), Duration.ofSeconds(r.getTTL()));
    }

    @Override
    public Optional<Duration> keepAliveOnce(long leaseId) {
        CompletableFuture<LeaseKeepAliveResponse> f = client.getLeaseClient().keepAliveOnce(leaseId);
        try {
            LeaseKeepAliveResponse r = await("renewing lease " + Long.toHexString(leaseId), f);
            return r.getTTL() > 0 ? Optional.of(Duration.ofSeconds(r.getTTL())) : Optional.empty();
        } catch (CoordinationException e) {
            if (hasCause(e, NoSuchLeaseException.class) || String.valueOf(e.getMessage()).contains("lease not found")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void revokeLease(long leaseId) {
        try {
            call("revoking lease " + Long.toHexString(leaseId), () -> client.getLeaseClient().revoke(leaseId));
        } catch (CoordinationException e) {
            if (!String.valueOf(e.getMessage()).contains("lease not found")) {
                throw e;
            }
        }
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        EtcdWatch w = new EtcdWatch(this, client.getWatchClient(), prefix, fromRevision, listener, watches::remove);
        watches.add(w);
        w.start();
        return w;
    }

    /** Compacts the store's history up to {@code revision} (tests; operators use etcdctl). */
    public void compact(long revision) {
        call("compacting to " + revision, () -> client.getKVClient().compact(revision));
    }

    @Override
    public void close() {
        for (EtcdWatch w : List.copyOf(watches)) {
            w.close();
        }
        client.close();
    }

    CoordinationException classify(String what, Throwable failure) {
        return failures.classify(what, failure);
    }

    private <T> T call(String what, Supplier<CompletableFuture<T>> request) {
        CompletableFuture<T> f;
        try {
            f = request.get();
        } catch (RuntimeException e) {
            throw failures.classify(what, e);
        }
        return await(what, f);
    }

    private <T> T await(String what, CompletableFuture<T> f) {
        try {
            return f.get(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw failures.timeout(what);
        } catch (ExecutionException e) {
            throw failures.classify(what, e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            throw new CoordinationException(CoordinationException.Condition.UNREACHABLE, what + ": interrupted");
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static PutOption putOption(long leaseId) {
        return leaseId == NO_LEASE ? PutOption.DEFAULT : PutOption.builder().withLeaseId(leaseId).build();
    }

    static Entry entry(KeyValue kv) {
        return new Entry(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8),
                kv.getCreateRevision(), kv.getModRevision(), kv.getLease());
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }
}
