package io.gpwarden.testcluster.cluster;

import io.gpwarden.testcluster.process.ClassPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the code the gp utilities and the FTS daemon run into the cluster's {@code lib/} and writes
 * one wrapper script per utility into {@code bin/} (on every emulated host's PATH).
 *
 * <p>Copied, not referenced: the utilities run as the database account over SSH, which cannot
 * read the build's files when they live in a root user's home ({@code ~/.m2}). Each script starts
 * a small JVM with start-up-friendly flags (C1 only, serial GC, class data sharing).
 */
public final class LibraryCopy {
    /** The Greenplum utilities the stand-in provides. */
    public static final List<String> UTILITIES = List.of("gpstate", "gpactivatestandby", "gprecoverseg",
            "gpmovemirrors", "gpaddmirrors", "gpinitstandby");

    static final List<String> FAST_JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Xshare:auto", "-Xss512k", "-Xmx128m", "-XX:MaxMetaspaceSize=96m");

    private LibraryCopy() {
    }

    /** Copies the jars and class folders into {@code lib} and returns the class path made of them. */
    public static ClassPath copy(Path lib) throws IOException {
        List<Class<?>> types = List.of(LibraryCopy.class, org.postgresql.Driver.class,
                com.fasterxml.jackson.databind.ObjectMapper.class, com.fasterxml.jackson.core.JsonFactory.class,
                com.fasterxml.jackson.annotation.JsonProperty.class, picocli.CommandLine.class);
        return ClassPath.copyOf(lib, types);
    }

    /** The command that runs {@code mainClass} from the copied class path. */
    public static List<String> javaCommand(ClassPath cp, String mainClass, List<String> jvmFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ClassPath.javaExecutable().toString());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(cp.asArgument());
        cmd.add(mainClass);
        return cmd;
    }

    /** Writes {@code bin/<utility>} for every utility. */
    public static void writeScripts(Path bin, ClassPath cp, Path clusterDir) throws IOException {
        Files.createDirectories(bin);
        for (String u : UTILITIES) {
            List<String> cmd = javaCommand(cp, "io.gpwarden.testcluster.utility.UtilityMain", FAST_JVM_FLAGS);
            StringBuilder sh = new StringBuilder("#!/bin/sh\n")
                    .append("# ").append(u).append(" of the gpwarden test cluster (Greenplum stand-in)\n")
                    .append("exec");
            for (String a : cmd) {
                sh.append(" '").append(a.replace("'", "'\\''")).append('\'');
            }
            sh.append(" '").append(clusterDir.toString().replace("'", "'\\''")).append("' ").append(u).append(" \"$@\"\n");
            Path script = bin.resolve(u);
            Files.writeString(script, sh.toString());
            Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
