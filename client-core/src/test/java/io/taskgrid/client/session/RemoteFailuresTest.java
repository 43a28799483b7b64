package io.taskgrid.client.session;

import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.rmi.AccessException;
import java.rmi.ConnectIOException;
import java.rmi.NoSuchObjectException;
import java.rmi.ServerException;
import java.rmi.UnmarshalException;
import java.security.cert.CertificateException;

import static io.taskgrid.client.TestDirections.DIRECTIONS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteFailuresTest {
    private static final ControllerAddress CONTROLLER = ControllerAddress.parse("grid.example:1099");

    private static ClientException translate(java.rmi.RemoteException e) {
        return RemoteFailures.translate(CONTROLLER, e, DIRECTIONS);
    }

    @Test
    void aRefusedPortSaysHowToStartOrChooseAController() {
        java.rmi.ConnectException refused = new java.rmi.ConnectException("Connection refused to host: grid.example",
                new ConnectException("Connection refused"));

        ClientException e = translate(refused);

        assertInstanceOf(ControllerUnreachableException.class, e);
        assertEquals("Cannot reach the controller at grid.example:1099 (Connection refused). Start one with"
                + " `taskgrid local`, or pick another.", e.getMessage());
        assertSame(refused, e.getCause(), "the RMI failure is kept as the cause");
    }

    @Test
    void anUnknownHostNamesTheHost() {
        ClientException e = translate(new java.rmi.UnknownHostException("grid.example", new UnknownHostException("grid.example")));

        assertInstanceOf(ControllerUnreachableException.class, e);
        assertEquals("Cannot reach the controller at grid.example:1099 (unknown host grid.example). Check the name, or"
                + " pick another.", e.getMessage());
    }

    @Test
    void anAnswerThisClientCannotReadSaysTheVersionsDiffer() {
        // A newer controller answers with a class this client does not have.
        ClientException e = translate(new UnmarshalException("error unmarshalling return",
                new ClassNotFoundException("io.taskgrid.api.NewForm")));
        assertTrue(e.getMessage().contains("runs another TaskGrid version"), e.getMessage());
        assertTrue(e.getMessage().contains("Run the same TaskGrid version"), e.getMessage());
    }

    @Test
    void aRequestTheControllerCannotReadSaysTheVersionsDifferToo() {
        // An older controller cannot read this client's arguments; RMI wraps its failure in a ServerException.
        ClientException e = translate(new ServerException("RemoteException occurred in server thread",
                new UnmarshalException("error unmarshalling arguments", new ClassNotFoundException("io.taskgrid.api.CompactForm"))));
        assertTrue(e.getMessage().contains("runs another TaskGrid version"), e.getMessage());
        assertFalse(e.getMessage().contains("nested exception"), e.getMessage());
    }

    @Test
    void aRequestTheControllerCannotReadNamesBothProtocolsWhenTheControllerTellsItsOwn() {
        ClientException e = RemoteFailures.translate(CONTROLLER, new ServerException("RemoteException occurred in server thread",
                new java.rmi.UnmarshalException("error unmarshalling arguments", new java.io.InvalidClassException("filter status: REJECTED"))),
                DIRECTIONS, () -> "7");
        assertTrue(e.getMessage().contains("speaks protocol 7 and this client protocol " + io.taskgrid.api.Version.PROTOCOL
                + ": one could not read what the other sent (filter status: REJECTED)"), e.getMessage());
    }

    @Test
    void aRequestAnOlderControllerDoesNotKnowIsRefusedNamingBothProtocols() {
        ClientException e = RemoteFailures.translate(CONTROLLER, new ServerException("RemoteException occurred in server thread",
                new UnmarshalException("unrecognized method hash: method not supported by remote object")), DIRECTIONS, () -> "8");
        assertInstanceOf(io.taskgrid.client.InputRefusedException.class, e, "the session goes on");
        assertTrue(e.getMessage().contains("(protocol 8) does not know this request: it runs an older TaskGrid than this client"
                + " (protocol " + io.taskgrid.api.Version.PROTOCOL + ")"), e.getMessage());
    }

    @Test
    void aBrokenConnectionIsNotMistakenForAnotherVersion() {
        ClientException e = translate(new UnmarshalException("error unmarshalling return", new java.io.EOFException()));
        assertFalse(e.getMessage().contains("another TaskGrid version"), e.getMessage());
        assertEquals("The controller at grid.example:1099 broke off the call (EOFException). Check that it still runs and"
                + " that it runs the same TaskGrid version as this client.", e.getMessage());
    }

    @Test
    void aSessionTheControllerNoLongerKnowsIsALostConnection() {
        ClientException e = translate(new NoSuchObjectException("no such object in table"));

        assertInstanceOf(ControllerUnreachableException.class, e, "the client reconnects");
        assertEquals("The controller at grid.example:1099 ended this session (it restarted or dropped this client).",
                e.getMessage());
    }

    @Test
    void aFailedHandshakeExplainsTheKeysTlsNeeds() {
        ClientException e = translate(new ConnectIOException("error during JRMP connection establishment",
                new SSLHandshakeException("Received fatal alert: certificate_required")));

        assertInstanceOf(ControllerUnreachableException.class, e);
        assertTrue(e.getMessage().startsWith("The TLS handshake with the controller at grid.example:1099 failed (Received"
                + " fatal alert: certificate_required)."), e.getMessage());
        assertTrue(e.getMessage().contains("TASKGRID_KEYSTORE"), e.getMessage());
    }

    @Test
    void aPeerWithTheWrongCertificateIsNotTheController() {
        SSLHandshakeException handshake = new SSLHandshakeException("bad certificate");
        handshake.initCause(new CertificateException("Its certificate is an agent's, not the controller's."));

        ClientException e = translate(new ConnectIOException("error during JRMP connection establishment", handshake));

        assertEquals("Nothing was sent to grid.example:1099: it is not this grid's controller. Its certificate is an"
                + " agent's, not the controller's.", e.getMessage());
    }

    @Test
    void aRefusedCallIsARefusalNotALostConnection() {
        ClientException e = translate(new ServerException("RemoteException occurred in server thread",
                new AccessException("only administrators may list clients")));

        assertInstanceOf(AccessRefusedException.class, e);
        assertTrue(e.getMessage().endsWith("refused this call: only administrators may list clients"), e.getMessage());
    }
}
