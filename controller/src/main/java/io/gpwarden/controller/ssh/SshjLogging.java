package io.gpwarden.controller.ssh;

import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * sshj's own log lines, moved down to DEBUG (its warnings and errors) and TRACE (the rest). It
 * reports every connection at INFO ("Client identity string", "Disconnected - BY_APPLICATION")
 * and a refused host key as three ERROR lines with a stack trace, every time; in a controller that
 * contacts every host at each disk read that would bury the lines that matter. gpwarden says
 * itself, once per change and per host, what failed and why ({@link SshDiskCapacity}), and its
 * exceptions carry sshj's message; turn this logger's DEBUG on to see sshj's own account.
 */
final class SshjLogging {
    private SshjLogging() {
    }

    static LoggerFactory loggerFactory() {
        return new LoggerFactory() {
            @Override
            public Logger getLogger(String name) {
                return new Demoted(org.slf4j.LoggerFactory.getLogger(name));
            }

            @Override
            public Logger getLogger(Class<?> clazz) {
                return new Demoted(org.slf4j.LoggerFactory.getLogger(clazz));
            }
        };
    }

    private static final class Demoted extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;
        private final transient Logger delegate;

        Demoted(Logger delegate) {
            this.delegate = delegate;
            this.name = delegate.getName();
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }

        @Override
        public boolean isDebugEnabled() {
            return delegate.isTraceEnabled();
        }

        @Override
        public boolean isInfoEnabled() {
            return delegate.isTraceEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate.isDebugEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            if (level == Level.ERROR || level == Level.WARN) {
                delegate.debug(level + " " + message, throwable);
            } else {
                delegate.trace(message, throwable);
            }
        }
    }
}
