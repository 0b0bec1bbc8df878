package io.gpwarden.testcluster.junit;

import io.gpwarden.testcluster.cluster.ClusterLauncher;
import io.gpwarden.testcluster.cluster.RunningCluster;
import io.gpwarden.testcluster.cluster.UpOptions;
import io.gpwarden.testcluster.fts.FtsSettings;
import io.gpwarden.testcluster.layout.ClusterLayout;
import io.gpwarden.testcluster.layout.ClusterSpec;
import io.gpwarden.testcluster.layout.HostPlan;
import io.gpwarden.testcluster.layout.Mirroring;
import io.gpwarden.testcluster.process.ExternalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link GreenplumCluster}: brings a cluster up before the class
 * (or finds the one already running for the same shape in this test run), injects
 * {@link TestCluster}, and brings it down and deletes its directory when its store closes (the
 * class for isolated clusters, the whole run otherwise). A JVM shutdown hook stops the servers
 * too if the run is killed.
 */
public final class GreenplumClusterExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(GreenplumClusterExtension.class);

    /** The store value: a running cluster that is brought down and deleted when closed. */
    static final class Handle implements AutoCloseable {
        final TestCluster cluster;
        final Path dir;

        Handle(TestCluster cluster, Path dir) {
            this.cluster = cluster;
            this.dir = dir;
        }

        @Override
        public void close() throws IOException {
            try {
                cluster.running().down();
            } finally {
                ExternalCommand.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(2));
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        handle(context);
    }

    private Handle handle(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        GreenplumCluster spec = findAnnotation(testClass).orElseThrow(() -> new ExtensionConfigurationException(
                testClass.getName() + " uses GreenplumClusterExtension without @GreenplumCluster"));
        String key = key(spec);
        ExtensionContext owner = spec.isolated() ? classContext(context) : context.getRoot();
        return owner.getStore(NS).getOrComputeIfAbsent(key, k -> start(spec), Handle.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static Optional<GreenplumCluster> findAnnotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
            Optional<GreenplumCluster> a = AnnotationSupport.findAnnotation(c, GreenplumCluster.class);
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    static String key(GreenplumCluster a) {
        return "cluster:" + a.hosts() + "x" + a.primariesPerHost() + ":" + a.mirroring() + ":" + a.standby() + ":"
                + a.etcdMembers() + ":" + a.kafka() + ":" + a.fsync() + ":" + a.ftsProbeIntervalSeconds() + ":"
                + a.ftsProbeTimeoutSeconds() + ":" + a.ftsProbeRetries() + ":" + a.ftsMirrorDownGraceSeconds() + ":"
                + a.isolated() + ":" + a.diskUsedPercent();
    }

    private static Handle start(GreenplumCluster a) {
        ClusterSpec spec = new ClusterSpec(a.hosts(), a.primariesPerHost(), Mirroring.parse(a.mirroring()), a.standby(),
                a.etcdMembers(), a.kafka());
        FtsSettings fts = new FtsSettings(a.ftsProbeIntervalSeconds(), a.ftsProbeTimeoutSeconds(), a.ftsProbeRetries(),
                a.ftsMirrorDownGraceSeconds(), FtsSettings.standIn().retryPauseMillis());
        Path dir = null;
        try {
            TestClusterOwner.sweepAbandoned(Path.of(System.getProperty("java.io.tmpdir")));
            dir = Files.createTempDirectory("gpwarden-cluster-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            TestClusterOwner.claim(dir);
            UpOptions options = UpOptions.forTests(spec, dir).withFts(fts).withFsync(a.fsync());
            RunningCluster running = new ClusterLauncher(options).up();
            if (a.diskUsedPercent() >= 0) {
                for (HostPlan host : ClusterLayout.hostsFor(spec)) {
                    if (!host.name().equals(ClusterLayout.COORDINATOR_HOST) && !host.name().equals(ClusterLayout.STANDBY_HOST)) {
                        running.diskFill(host.name(), a.diskUsedPercent());
                    }
                }
            }
            return new Handle(new TestCluster(running), dir);
        } catch (IOException | java.sql.SQLException | RuntimeException e) {
            if (dir != null) {
                ExternalCommand.run(List.of("rm", "-rf", "--one-file-system", dir.toString()), Duration.ofMinutes(2));
            }
            throw new ExtensionConfigurationException("could not start the test cluster (" + spec.describe() + "): "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext)
            throws ParameterResolutionException {
        return handle(extensionContext).cluster;
    }
}
