package io.gpwarden.testcluster.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test class a running Greenplum stand-in, injected as a {@link TestCluster} parameter
 * (constructor, lifecycle or test method).
 *
 * <p>Classes asking for the same shape share one cluster for the whole test run (it is stopped
 * when the run ends). A class that damages its cluster (kills instances, activates the standby,
 * moves mirrors) sets {@code isolated = true} and gets its own, stopped after the class.
 *
 * <pre>{@code
 * @GreenplumCluster(hosts = 2, primariesPerHost = 2, mirroring = "group", standby = true)
 * class FailoverIT {
 *     @Test
 *     void promotesTheMirror(TestCluster cluster) throws Exception {
 *         cluster.kill(2);
 *         cluster.awaitCatalog(rows -> TestCluster.row(rows, 2).status() == 'd', Duration.ofSeconds(30));
 *     }
 * }
 *
 * @GreenplumCluster(hosts = 0, standby = false)   // just a coordinator with the catalog
 * class SinkIT { ... }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(GreenplumClusterExtension.class)
public @interface GreenplumCluster {
    /** Segment hosts sdw1..sdwN; 0 for a coordinator alone. */
    int hosts() default 2;

    int primariesPerHost() default 2;

    /** group, spread or none. */
    String mirroring() default "group";

    /** A standby coordinator on scdw. */
    boolean standby() default true;

    /** etcd members beside the cluster: 0, 1 or 3. */
    int etcdMembers() default 0;

    /** A Kafka KRaft broker beside the cluster. */
    boolean kafka() default false;

    /** fsync on the servers; off is faster and acceptable where durability is not under test. */
    boolean fsync() default true;

    /** gp_fts_probe_interval of the FTS emulation, seconds. */
    int ftsProbeIntervalSeconds() default 2;

    /** gp_fts_probe_timeout, seconds. */
    int ftsProbeTimeoutSeconds() default 2;

    /** gp_fts_probe_retries: attempts before a primary counts as down. */
    int ftsProbeRetries() default 3;

    /** gp_fts_mark_mirror_down_grace_period, seconds. */
    int ftsMirrorDownGraceSeconds() default 3;

    /** A cluster of its own for this class, stopped after it (for tests that inject faults). */
    boolean isolated() default false;

    /**
     * gp_toolkit.gp_disk_free reports this percentage used for every segment host from the start
     * (what {@code disk-fill} sets), so a test that judges health does not depend on the disk of
     * the machine it runs on. Negative (the default): the real df values.
     */
    double diskUsedPercent() default -1;
}
