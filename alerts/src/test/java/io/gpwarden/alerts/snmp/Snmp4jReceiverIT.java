package io.gpwarden.alerts.snmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gpwarden.alerts.Fixtures;
import io.gpwarden.alerts.Incident;
import io.gpwarden.alerts.Notification;
import io.gpwarden.alerts.Transition;
import io.gpwarden.alerts.config.SnmpChannelConfig;
import io.gpwarden.alerts.config.UsmCredentials;
import io.gpwarden.alerts.config.UsmCredentials.AuthProtocol;
import io.gpwarden.alerts.config.UsmCredentials.PrivProtocol;
import io.gpwarden.alerts.delivery.DeliveryException;
import io.gpwarden.config.Secret;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snmp4j.CommandResponder;
import org.snmp4j.CommandResponderEvent;
import org.snmp4j.MessageDispatcherImpl;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.CounterSupport;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.StatusInformation;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityModels;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

/**
 * SnmpAlerter against an snmp4j notification receiver in this JVM: SHA-512 + AES-256 INFORMs
 * acknowledged; with wrong keys the receiver stays silent (like snmptrapd, it sends no USM
 * report), and since it still answers engine discovery this must read as a configuration error.
 */
class Snmp4jReceiverIT {

    private static final String AUTH = "receiver-auth-512";
    private static final String PRIV = "receiver-priv-256";
    private static final List<PDU> received = new CopyOnWriteArrayList<>();
    private static Snmp receiver;
    private static int port;

    @BeforeAll
    static void startReceiver() throws Exception {
        byte[] engineId = MPv3.createLocalEngineID(new OctetString("gpwarden-test-nms"));
        SecurityProtocols protocols = new SecurityProtocols() { };
        protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
        protocols.addPrivacyProtocol(new PrivAES256());
        USM usm = new USM(protocols, new OctetString(engineId), 0);
        SecurityModels models = new SecurityModels();
        models.addSecurityModel(usm);
        usm.addUser(new UsmUser(new OctetString("nms"), AuthHMAC384SHA512.ID, new OctetString(AUTH), PrivAES256.ID,
                new OctetString(PRIV)));
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv3(engineId, null, protocols, models, CounterSupport.getInstance()));
        DefaultUdpTransportMapping transport = new DefaultUdpTransportMapping(
                new UdpAddress(InetAddress.getLoopbackAddress(), 0));
        receiver = new Snmp(dispatcher, transport);
        receiver.addCommandResponder(new CommandResponder() {
            @Override
            public <A extends org.snmp4j.smi.Address> void processPdu(CommandResponderEvent<A> event) {
                PDU pdu = event.getPDU();
                received.add(pdu);
                if (pdu.getType() == PDU.INFORM) {
                    PDU response = (PDU) pdu.clone();
                    response.setType(PDU.RESPONSE);
                    response.setErrorStatus(PDU.noError);
                    response.setErrorIndex(0);
                    try {
                        event.getMessageDispatcher().returnResponsePdu(event.getMessageProcessingModel(),
                                event.getSecurityModel(), event.getSecurityName(), event.getSecurityLevel(), response,
                                event.getMaxSizeResponsePDU(), event.getStateReference(), new StatusInformation());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
                event.setProcessed(true);
            }
        });
        receiver.listen();
        port = transport.getListenAddress().getPort();
    }

    @AfterAll
    static void stopReceiver() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
    }

    private static SnmpChannelConfig channel(String authPassphrase) {
        return SnmpChannelConfig.v3("nms", "127.0.0.1", port, new UsmCredentials("nms", AuthProtocol.SHA512,
                Secret.of(authPassphrase, "test:auth"), PrivProtocol.AES256, Secret.of(PRIV, "test:priv")))
                .withTimeout(Duration.ofMillis(500), 1);
    }

    @Test
    void sha512Aes256InformIsAcknowledgedAndCarriesTheIncidentId() throws Exception {
        Incident incident = Fixtures.incident("snmp4j-" + System.nanoTime(), 3);
        try (SnmpAlerter alerter = new SnmpAlerter(channel(AUTH), "prod", Clock.systemUTC(), Instant.now())) {
            assertThat(alerter.deliver(Notification.of("nms", Transition.OPENED, 1, incident, Instant.now()))
                    .acknowledged()).isTrue();
        }
        PDU pdu = received.stream().filter(p -> p.getType() == PDU.INFORM
                && String.valueOf(p.getVariable(GpwardenMib.INCIDENT_ID)).equals(incident.id())).findFirst()
                .orElseThrow();
        assertThat(pdu.getVariable(GpwardenMib.INCIDENT_KEY).toString()).isEqualTo("segment/dbid=3");
        assertThat(pdu.getVariableBindings()).extracting(VariableBinding::getOid).startsWith(
                org.snmp4j.mp.SnmpConstants.sysUpTime, org.snmp4j.mp.SnmpConstants.snmpTrapOID);
    }

    @Test
    void aWrongPassphraseIsReadAsAConfigurationError() throws Exception {
        Incident incident = Fixtures.incident("snmp4j-bad-" + System.nanoTime(), 3);
        try (SnmpAlerter alerter = new SnmpAlerter(channel("not-the-passphrase"), "prod", Clock.systemUTC(),
                Instant.now())) {
            assertThatThrownBy(() -> alerter.deliver(Notification.of("nms", Transition.OPENED, 1, incident,
                    Instant.now())))
                    .isInstanceOfSatisfying(DeliveryException.class,
                            e -> assertThat(e.kind()).isEqualTo(DeliveryException.Kind.CONFIGURATION))
                    .hasMessageContaining("answers SNMPv3 engine discovery but not our authenticated INFORM")
                    .hasMessageContaining("'nms'")
                    .hasMessageNotContaining("not-the-passphrase");
        }
        assertThat(received).noneMatch(p -> String.valueOf(p.getVariable(GpwardenMib.INCIDENT_ID))
                .equals(incident.id()));
    }
}
