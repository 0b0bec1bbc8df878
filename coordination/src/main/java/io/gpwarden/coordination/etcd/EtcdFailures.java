package io.gpwarden.coordination.etcd;

import io.gpwarden.config.SecretRef;
import io.gpwarden.coordination.CoordinationException;
import io.gpwarden.coordination.CoordinationException.Condition;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * Turns what jetcd and gRPC throw into a {@link CoordinationException} a caller can act on.
 *
 * <p>Decided once, here, by the cause chain: a TLS handshake failure anywhere in it is
 * {@link Condition#TLS_MISCONFIGURED}; etcd's "authentication failed" is
 * {@link Condition#UNAUTHENTICATED} (jetcd also reports an unreachable member as UNAUTHENTICATED
 * when the token request itself failed, so the gRPC code alone would mislead); "permission denied"
 * is {@link Condition#PERMISSION_DENIED}; everything else (refused connections, no leader, timeouts)
 * is {@link Condition#UNREACHABLE}. Messages name endpoints, the user and where the password came
 * from, never the password.
 */
final class EtcdFailures {
    private final EtcdSettings settings;

    EtcdFailures(EtcdSettings settings) {
        this.settings = settings;
    }

    CoordinationException timeout(String what) {
        return new CoordinationException(Condition.UNREACHABLE, what + ": no answer from etcd ("
                + settings.endpointList() + ") within " + settings.callTimeout().toMillis() + " ms");
    }

    CoordinationException classify(String what, Throwable failure) {
        StringBuilder chain = new StringBuilder();
        Throwable tls = null;
        for (Throwable t = failure; t != null && chain.length() < 4000; t = t.getCause()) {
            if (t instanceof SSLException || t instanceof CertificateException) {
                tls = tls == null ? t : tls;
            }
            if (t.getMessage() != null) {
                chain.append(t.getMessage()).append(" | ");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String text = chain.toString().toLowerCase(Locale.ROOT);
        if (tls != null || text.contains("sslhandshake") || text.contains("not an ssl/tls record")) {
            return new CoordinationException(Condition.TLS_MISCONFIGURED, what + ": TLS handshake with etcd ("
                    + settings.endpointList() + ") failed: " + rootMessage(tls != null ? tls : failure)
                    + "; check coordination.tls" + settings.tls().map(t -> " (ca_file " + t.caFile()
                    + t.certFile().map(c -> ", cert_file " + c).orElse("") + ")").orElse(""), failure);
        }
        if (text.contains("authentication failed") || text.contains("invalid user id or password")) {
            return new CoordinationException(Condition.UNAUTHENTICATED, what + ": etcd (" + settings.endpointList()
                    + ") refused user '" + settings.user().orElse("") + "' with the password from "
                    + settings.password().map(EtcdFailures::describe).orElse("(none)")
                    + ": authentication failed; check coordination.user and coordination.password_ref", failure);
        }
        if (text.contains("user name is empty") || text.contains("user name not found")) {
            return new CoordinationException(Condition.UNAUTHENTICATED, what + ": etcd (" + settings.endpointList()
                    + ") has authentication enabled and needs coordination.user and coordination.password_ref",
                    failure);
        }
        if (text.contains("permission denied")) {
            return new CoordinationException(Condition.PERMISSION_DENIED, what + ": etcd user '"
                    + settings.user().orElse("(none)") + "' lacks a permission: " + rootMessage(failure)
                    + "; grant its role read-write on the /gpwarden/v1/ prefix", failure);
        }
        return new CoordinationException(Condition.UNREACHABLE, what + ": etcd (" + settings.endpointList()
                + ") unreachable: " + rootMessage(failure), failure);
    }

    /** A secret reference as messages show it: where it is and where it was written, never its value. */
    static String describe(SecretRef ref) {
        String where = ref.line() > 0 ? " (" + ref.source() + ":" + ref.line() + " " + ref.path() + ")" : "";
        return ref + where;
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        String message = t.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
