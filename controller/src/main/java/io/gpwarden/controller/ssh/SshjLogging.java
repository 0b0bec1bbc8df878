package io.gpwarden.controller.ssh;

import net.schmizz.sshj.common.LoggerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * sshj's own log lines one level quieter: it reports every connection at INFO ("Client identity
 * string", "Disconnected - BY_APPLICATION"), which in a controller that checks every host each
 * disk read would bury the lines that matter. INFO becomes DEBUG, DEBUG becomes TRACE; warnings
 * and errors pass unchanged. gpwarden's own messages say what failed, per host.
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
            return delegate.isDebugEnabled();
        }

        @Override
        public boolean isWarnEnabled() {
            return delegate.isWarnEnabled();
        }

        @Override
        public boolean isErrorEnabled() {
            return delegate.isErrorEnabled();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            switch (level) {
                case ERROR -> delegate.error(message, throwable);
                case WARN -> delegate.warn(message, throwable);
                case INFO -> delegate.debug(message, throwable);
                default -> delegate.trace(message, throwable);
            }
        }
    }
}
