package io.gpwarden.alerts.mail;

import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Severity;
import io.gpwarden.alerts.config.MailChannelConfig;
import io.gpwarden.alerts.config.MailChannelConfig.MailSecurity;
import io.gpwarden.alerts.delivery.Alerter;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.delivery.DeliveryReceipt;
import io.gpwarden.alerts.template.MessageTemplates;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * Sends a notification as one plain-text e-mail to all recipients of a channel over SMTP with
 * required TLS (STARTTLS or SMTPS), validated certificates and optional authentication.
 *
 * <p>The Message-ID is derived from the notification id, so if a crash between the server's
 * "250" and the outbox's "delivered" makes us send again, mail systems and people can see it
 * is the same message. Errors: authentication or TLS trust failures are configuration
 * errors; 5xx rejections of every recipient are permanent; the rest (no connection, timeouts,
 * 4xx) is transient. The password never appears in messages.
 */
public final class MailAlerter implements Alerter {

    private final MailChannelConfig config;
    private final String clusterName;
    private final MessageTemplates templates;
    private final Session session;
    private final String protocol;

    public MailAlerter(MailChannelConfig config, String clusterName, MessageTemplates templates) {
        this.config = config;
        this.clusterName = clusterName;
        this.templates = templates;
        this.protocol = config.security() == MailSecurity.SMTPS ? "smtps" : "smtp";
        this.session = Session.getInstance(properties(config, protocol));
    }

    @Override
    public String channel() {
        return config.name();
    }

    @Override
    public DeliveryReceipt deliver(Notification notification) throws DeliveryException {
        MessageTemplates.Message text = templates.render(notification, clusterName);
        try {
            MimeMessage message = new FixedIdMessage(session, messageId(notification));
            message.setFrom(new InternetAddress(config.from(), true));
            for (String to : config.to()) {
                message.addRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
            }
            message.setSubject(text.subject(), "UTF-8");
            message.setText(text.body(), "UTF-8");
            message.setSentDate(Date.from(notification.createdAt()));
            message.setHeader("X-Gpwarden-Incident", notification.incident().id());
            message.setHeader("X-Gpwarden-Transition", notification.transition().name());
            message.setHeader("X-Gpwarden-Severity", notification.incident().severity().name());
            if (notification.incident().severity() == Severity.CRITICAL) {
                message.setHeader("X-Priority", "1");
            }
            message.saveChanges();
            try (Transport transport = session.getTransport(protocol)) {
                if (config.username() != null) {
                    transport.connect(config.host(), config.port(), config.username(), config.password().reveal());
                } else {
                    transport.connect(config.host(), config.port(), null, null);
                }
                transport.sendMessage(message, message.getAllRecipients());
            }
            return new DeliveryReceipt(true, "accepted by " + config.host() + ":" + config.port() + " for "
                    + config.to().size() + " recipient(s), Message-ID " + messageId(notification));
        } catch (SendFailedException e) {
            return partial(e);
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    /** Some recipients may have been accepted: that is a delivery; only all-rejected is a failure. */
    private DeliveryReceipt partial(SendFailedException e) throws DeliveryException {
        Address[] sent = e.getValidSentAddresses();
        Address[] unsent = e.getValidUnsentAddresses();
        Address[] invalid = e.getInvalidAddresses();
        if (sent != null && sent.length > 0) {
            return new DeliveryReceipt(true, "accepted for " + Arrays.toString(sent) + "; rejected "
                    + Arrays.toString(invalid) + "; not sent " + Arrays.toString(unsent));
        }
        if ((unsent == null || unsent.length == 0) && invalid != null && invalid.length > 0
                && e.getNextException() instanceof SMTPAddressFailedException address
                && address.getReturnCode() >= 500) {
            throw new DeliveryException(DeliveryException.Kind.PERMANENT, "every recipient rejected by "
                    + config.host() + ": " + Arrays.toString(invalid) + " (" + address.getReturnCode() + ")", e);
        }
        throw classify(e);
    }

    private DeliveryException classify(MessagingException e) {
        String where = config.host() + ":" + config.port();
        if (e instanceof AuthenticationFailedException) {
            return new DeliveryException(DeliveryException.Kind.CONFIGURATION, "SMTP authentication as '"
                    + config.username() + "' failed at " + where + " (password from " + config.password().source()
                    + ")", e);
        }
        if (e instanceof SMTPSendFailedException smtp && smtp.getReturnCode() >= 500) {
            return new DeliveryException(DeliveryException.Kind.PERMANENT, "message rejected by " + where + ": "
                    + smtp.getReturnCode() + " " + firstLine(smtp.getMessage()), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof GeneralSecurityException) {
                return new DeliveryException(DeliveryException.Kind.CONFIGURATION, "TLS with " + where
                        + " failed: " + firstLine(cause.getMessage())
                        + " (is the server certificate trusted? see trustStore)", e);
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException) {
                return new DeliveryException(DeliveryException.Kind.TRANSIENT, "cannot reach SMTP server " + where
                        + ": " + cause.getClass().getSimpleName() + " " + firstLine(cause.getMessage()), e);
            }
        }
        String message = firstLine(e.getMessage());
        if (message.contains("STARTTLS")) {
            return new DeliveryException(DeliveryException.Kind.CONFIGURATION, "SMTP server " + where
                    + " does not offer STARTTLS, which gpwarden requires: " + message, e);
        }
        return new DeliveryException(DeliveryException.Kind.TRANSIENT, "SMTP delivery to " + where + " failed: "
                + message, e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** {@code <20250301T100000Z-3f2a.1.mail@gpwarden>}: stable per notification. */
    static String messageId(Notification n) {
        return "<" + n.id().replaceAll("[^A-Za-z0-9.-]", ".") + "@gpwarden>";
    }

    private static Properties properties(MailChannelConfig config, String protocol) {
        Properties p = new Properties();
        String prefix = "mail." + protocol + ".";
        p.put("mail.transport.protocol", protocol);
        p.put(prefix + "host", config.host());
        p.put(prefix + "port", Integer.toString(config.port()));
        p.put(prefix + "connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
        p.put(prefix + "timeout", Long.toString(config.timeout().toMillis()));
        p.put(prefix + "writetimeout", Long.toString(config.timeout().toMillis()));
        p.put(prefix + "auth", Boolean.toString(config.username() != null));
        p.put(prefix + "ssl.checkserveridentity", Boolean.toString(config.checkServerIdentity()));
        if (config.security() == MailSecurity.STARTTLS) {
            p.put(prefix + "starttls.enable", "true");
            p.put(prefix + "starttls.required", "true");
        } else {
            p.put(prefix + "ssl.enable", "true");
        }
        if (config.trustStore() != null) {
            p.put(prefix + "ssl.socketFactory", socketFactory(config));
        }
        return p;
    }

    private static SSLSocketFactory socketFactory(MailChannelConfig config) {
        try (InputStream in = Files.newInputStream(config.trustStore())) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            char[] password = config.trustStorePassword() == null ? null
                    : config.trustStorePassword().reveal().toCharArray();
            store.load(in, password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("mail channel '" + config.name() + "': cannot load trustStore "
                    + config.trustStore() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MailAlerter[" + config.name() + " " + config.security() + " " + config.host() + ":" + config.port()
                + " to " + config.to() + "]";
    }

    /** A MimeMessage whose Message-ID is ours, not a random one made at saveChanges(). */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
