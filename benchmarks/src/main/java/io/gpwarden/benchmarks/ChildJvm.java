package io.gpwarden.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A child process with its peak resident memory sampled from /proc while it runs. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private volatile long peakRssKb;
    private final Thread sampler;

    ChildJvm(List<String> command, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        sampler = new Thread(() -> {
            while (process.isAlive()) {
                peakRssKb = Math.max(peakRssKb, rssKb(process.pid()));
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static List<String> java(String maxHeap, String classPath, String mainClass, List<String> args) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (maxHeap != null) {
            c.add("-Xmx" + maxHeap);
        }
        c.addAll(List.of("-cp", classPath, mainClass));
        c.addAll(args);
        return c;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    Process process() {
        return process;
    }

    long peakRssMb() {
        return peakRssKb / 1024;
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
