package io.gpwarden.alerts.snmp;

import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.config.SnmpChannelConfig.NotificationStyle;
import io.gpwarden.alerts.config.SnmpChannelConfig.SnmpPdu;
import io.gpwarden.alerts.config.SnmpChannelConfig.SnmpVersion;
import io.gpwarden.alerts.config.UsmCredentials;
import io.gpwarden.alerts.delivery.Alerter;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.alerts.delivery.DeliveryReceipt;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.snmp4j.AbstractTarget;
import org.snmp4j.CommunityTarget;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseEvent;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * Sends notifications to one SNMP receiver with snmp4j: v3 USM authPriv (SHA-2 + AES) or v2c,
 * as TRAP (best effort) or INFORM (acknowledged; snmp4j retransmits within the channel's
 * timeout and retries). Each alerter has its own engine, USM and UDP socket: no global snmp4j
 * state is shared between channels.
 *
 * <p>Error classes: no INFORM acknowledgement or a socket error is transient; a USM report
 * (unknown user, wrong digest, decryption error, unsupported security level) is a
 * configuration error, since retrying the same keys cannot help. A v3 TRAP with wrong keys is
 * dropped silently by the receiver: nothing on the wire can tell, which is why INFORM is the
 * default.
 */
public final class SnmpAlerter implements Alerter {

    /** USM statistics a receiver reports when our credentials do not match its configuration. */
    private static final Map<OID, String> USM_CONFIG_ERRORS = Map.of(
            SnmpConstants.usmStatsUnknownUserNames, "unknown user name",
            SnmpConstants.usmStatsWrongDigests, "wrong authentication digest (auth passphrase or protocol)",
            SnmpConstants.usmStatsDecryptionErrors, "decryption error (priv passphrase or protocol)",
            SnmpConstants.usmStatsUnsupportedSecLevels, "unsupported security level",
            SnmpConstants.usmStatsUnknownEngineIDs, "unknown engine id");

    private final SnmpChannelConfig config;
    private final String clusterName;
    private final Clock clock;
    private final Instant startedAt;
    private final Snmp snmp;
    private final AbstractTarget<UdpAddress> target;

    /**
     * @param startedAt the gpwarden process start, for {@code sysUpTime.0}
     */
    public SnmpAlerter(SnmpChannelConfig config, String clusterName, Clock clock, Instant startedAt) {
        this.config = config;
        this.clusterName = clusterName;
        this.clock = clock;
        this.startedAt = startedAt;
        try {
            byte[] engineId = HexFormat.of().parseHex(config.localEngineId());
            MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
            DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping();
            if (config.version() == SnmpVersion.V2C) {
                dispatcher.addMessageProcessingModel(new MPv2c());
            } else {
                // The constructor is protected; an empty subclass gives this alerter its own set
                // instead of the process-wide singleton.
                SecurityProtocols protocols = new SecurityProtocols() { };
                protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
                protocols.addAuthenticationProtocol(new AuthHMAC256SHA384());
                protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
                protocols.addPrivacyProtocol(new PrivAES128());
                protocols.addPrivacyProtocol(new PrivAES256());
                USM usm = new USM(protocols, new OctetString(engineId), 0);
                SecurityModels models = new SecurityModels();
                models.addSecurityModel(usm);
                dispatcher.addMessageProcessingModel(new MPv3(engineId, null, protocols, models,
                        CounterSupport.getInstance()));
                UsmCredentials c = config.usm();
                usm.addUser(new UsmUser(new OctetString(c.user()), authOid(c),
                        new OctetString(c.authPassphrase().reveal()), privOid(c),
                        new OctetString(c.privPassphrase().reveal())));
            }
            this.snmp = new Snmp(dispatcher, transport);
            this.snmp.listen();
            this.target = target(config);
        } catch (IOException e) {
            throw new IllegalStateException("snmp channel '" + config.name() + "': cannot open a UDP socket: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String channel() {
        return config.name();
    }

    @Override
    public DeliveryReceipt deliver(Notification notification) throws DeliveryException {
        Duration uptime = Duration.between(startedAt, clock.instant());
        List<List<VariableBinding>> messages = new ArrayList<>();
        if (config.style() != NotificationStyle.GREENPLUM) {
            messages.add(NotificationVarbinds.gpwarden(notification, clusterName, uptime));
        }
        if (config.style() != NotificationStyle.GPWARDEN) {
            messages.add(NotificationVarbinds.greenplum(notification,
                    config.systemName().isEmpty() ? clusterName : config.systemName(), uptime));
        }
        String what = config.pdu() == SnmpPdu.INFORM ? "INFORM" : "TRAP";
        for (List<VariableBinding> varbinds : messages) {
            send(varbinds);
        }
        return new DeliveryReceipt(config.pdu() == SnmpPdu.INFORM, what + " (" + config.version() + ", "
                + messages.size() + " PDU) " + (config.pdu() == SnmpPdu.INFORM ? "acknowledged by " : "sent to ")
                + config.host() + ":" + config.port());
    }

    private void send(List<VariableBinding> varbinds) throws DeliveryException {
        PDU pdu = config.version() == SnmpVersion.V3 ? new ScopedPDU() : new PDU();
        pdu.setType(config.pdu() == SnmpPdu.INFORM ? PDU.INFORM : PDU.NOTIFICATION);
        pdu.addAll(varbinds.toArray(new VariableBinding[0]));
        ResponseEvent<UdpAddress> event;
        try {
            event = snmp.send(pdu, target);
        } catch (IOException e) {
            throw new DeliveryException(DeliveryException.Kind.TRANSIENT, "snmp send to " + config.host() + ":"
                    + config.port() + " failed: " + e.getMessage(), e);
        }
        if (config.pdu() == SnmpPdu.TRAP) {
            return;
        }
        if (event == null || event.getResponse() == null) {
            if (event != null && event.getError() != null) {
                throw classifyError(event.getError());
            }
            if (config.version() == SnmpVersion.V3 && receiverAnswersDiscovery()) {
                // A USM receiver drops a message it cannot authenticate or decrypt without a
                // word (snmptrapd only logs "Authentication failed"). It is up, since it
                // answers engine discovery, so silence means it rejects our credentials.
                throw new DeliveryException(DeliveryException.Kind.CONFIGURATION, "receiver " + config.host() + ":"
                        + config.port() + " answers SNMPv3 engine discovery but not our authenticated INFORM:"
                        + " check user '" + config.usm().user() + "', its auth/priv protocols and passphrases");
            }
            throw new DeliveryException(DeliveryException.Kind.TRANSIENT, "no acknowledgement of INFORM from "
                    + config.host() + ":" + config.port() + " within " + config.timeout().toMillis() + " ms x "
                    + (config.retries() + 1) + " tries");
        }
        PDU response = event.getResponse();
        if (response.getType() == PDU.REPORT) {
            throw report(response);
        }
        if (response.getErrorStatus() != PDU.noError) {
            throw new DeliveryException(DeliveryException.Kind.CONFIGURATION, "INFORM rejected by " + config.host()
                    + ":" + config.port() + ": " + response.getErrorStatusText());
        }
    }

    private boolean receiverAnswersDiscovery() {
        byte[] engineId = snmp.discoverAuthoritativeEngineID(target.getAddress(), config.timeout().toMillis());
        return engineId != null && engineId.length > 0;
    }

    private DeliveryException classifyError(Exception error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return new DeliveryException(DeliveryException.Kind.TRANSIENT, "INFORM to " + config.host() + ":"
                + config.port() + " failed: " + message, error);
    }

    private DeliveryException report(PDU response) {
        for (VariableBinding vb : response.getVariableBindings()) {
            for (Map.Entry<OID, String> e : USM_CONFIG_ERRORS.entrySet()) {
                if (vb.getOid().startsWith(e.getKey()) || e.getKey().startsWith(vb.getOid())) {
                    return new DeliveryException(DeliveryException.Kind.CONFIGURATION, "receiver " + config.host()
                            + ":" + config.port() + " refused our SNMPv3 credentials for user '"
                            + config.usm().user() + "': " + e.getValue() + " (" + vb.getOid() + ")");
                }
            }
        }
        return new DeliveryException(DeliveryException.Kind.TRANSIENT, "receiver " + config.host() + ":"
                + config.port() + " answered with a report: " + response.getVariableBindings());
    }

    private static AbstractTarget<UdpAddress> target(SnmpChannelConfig config) {
        UdpAddress address;
        try {
            address = new UdpAddress(InetAddress.getByName(config.host()), config.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("snmp channel '" + config.name() + "': unknown host " + config.host());
        }
        AbstractTarget<UdpAddress> target;
        if (config.version() == SnmpVersion.V2C) {
            CommunityTarget<UdpAddress> community = new CommunityTarget<>(address,
                    new OctetString(config.community().reveal()));
            community.setVersion(SnmpConstants.version2c);
            target = community;
        } else {
            UserTarget<UdpAddress> user = new UserTarget<>();
            user.setAddress(address);
            user.setVersion(SnmpConstants.version3);
            user.setSecurityLevel(SecurityLevel.AUTH_PRIV);
            user.setSecurityName(new OctetString(config.usm().user()));
            target = user;
        }
        target.setTimeout(config.timeout().toMillis());
        target.setRetries(config.retries());
        return target;
    }

    private static OID authOid(UsmCredentials c) {
        return switch (c.auth()) {
            case SHA256 -> AuthHMAC192SHA256.ID;
            case SHA384 -> AuthHMAC256SHA384.ID;
            case SHA512 -> AuthHMAC384SHA512.ID;
        };
    }

    private static OID privOid(UsmCredentials c) {
        return switch (c.priv()) {
            case AES128 -> PrivAES128.ID;
            case AES256 -> PrivAES256.ID;
        };
    }

    @Override
    public void close() {
        try {
            snmp.close();
        } catch (IOException e) {
            // The socket goes away with the process anyway.
        }
    }

    @Override
    public String toString() {
        return "SnmpAlerter[" + config.name() + " " + config.version() + " " + config.pdu() + " " + config.host() + ":"
                + config.port() + "]";
    }
}
