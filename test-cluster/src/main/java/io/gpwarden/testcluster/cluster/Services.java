package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.etcd.EtcdCluster;
import io.gpwarden.testcluster.kafka.KafkaBroker;
import io.gpwarden.testcluster.process.ProcessLedger;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The optional services beside the cluster ({@code up --with-etcd 1|3 --with-kafka}), recorded in
 * the cluster's ledger so that {@code down} stops them with everything else. They outlive the
 * JVM that started them; the ledger's shutdown hook (tests) or {@code down} (CLI) stops them.
 */
final class Services {
    private Services() {
    }

    /** Starts etcd and returns its endpoints. */
    static String startEtcd(int members, Path dir, ProcessLedger ledger) throws IOException {
        return EtcdCluster.start(members, dir, ledger, false, false).endpoints();
    }

    /** Starts the Kafka broker and returns its bootstrap string. */
    static String startKafka(Path dir, ProcessLedger ledger) throws IOException {
        return KafkaBroker.start(dir, ledger, false, false).bootstrapServers();
    }
}
