package io.taskgrid.client.session;

import io.taskgrid.api.HistoryUnavailableException;
import io.taskgrid.api.Version;
import io.taskgrid.api.client.ControllerAddress;
import io.taskgrid.client.AccessRefusedException;
import io.taskgrid.client.ClientException;
import io.taskgrid.client.ControllerUnreachableException;
import io.taskgrid.client.Directions;
import io.taskgrid.client.InputRefusedException;

import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.rmi.AccessException;
import java.rmi.ConnectIOException;
import java.rmi.NoSuchObjectException;
import java.rmi.RemoteException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Turns an RMI failure into one sentence that says what went wrong and what to do: the clients' only translation
 * of a {@link RemoteException}. Every failure but a refused call means the connection is lost.
 */
final class RemoteFailures {
    private RemoteFailures() {
    }

    static ClientException translate(ControllerAddress address, RemoteException e, Directions directions) {
        return translate(address, e, directions, () -> null);
    }

    /**
     * As {@link #translate(ControllerAddress, RemoteException, Directions)}; where the two ends could not read each other,
     * the sentence names the controller's protocol too, asked from {@code controllerProtocol} (null when it cannot tell).
     */
    static ClientException translate(ControllerAddress address, RemoteException e, Directions directions,
                                     java.util.function.Supplier<String> controllerProtocol) {
        // A refusal of a session call arrives as a ServerException around the AccessException.
        Throwable access = e instanceof AccessException ? e : e.getCause();
        if (access instanceof AccessException) {
            return new AccessRefusedException("The controller at " + address + " refused this call: " + access.getMessage(), e);
        }
        if (e.getCause() instanceof HistoryUnavailableException unavailable) {
            // The controller is there but cannot write its history (disk full): its sentence says so and what to do.
            return new ControllerUnreachableException(unavailable.getMessage(), e);
        }
        if (e instanceof NoSuchObjectException) {
            // The stub names an object the controller no longer exports: it restarted, or it ended this session.
            return new ControllerUnreachableException("The controller at " + address + " ended this session (it restarted"
                    + " or dropped this client).", e);
        }
        Throwable root = rootCause(e);
        if (root instanceof CertificateException) {
            // Our own trust manager refused the other end: it showed a key of the grid, but not the controller's.
            return new ControllerUnreachableException("Nothing was sent to " + address + ": it is not this grid's controller. "
                    + root.getMessage(), e);
        }
        if (root instanceof SSLException) {
            return new ControllerUnreachableException("The TLS handshake with the controller at " + address + " failed ("
                    + detail(root) + "). Both sides need keys from the same `taskgrid tls init`: set TASKGRID_KEYSTORE,"
                    + " TASKGRID_TRUSTSTORE and TASKGRID_TLS_PASSWORD, or use the controller's plain port if it runs without TLS.", e);
        }
        if (root instanceof UnknownHostException) {
            return new ControllerUnreachableException("Cannot reach the controller at " + address + " (unknown host "
                    + address.host() + "). Check the name, or " + directions.chooseAnother() + ".", e);
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException
                || root instanceof SocketTimeoutException || e instanceof java.rmi.ConnectException
                || e instanceof ConnectIOException) {
            return new ControllerUnreachableException("Cannot reach the controller at " + address + " (" + detail(root)
                    + "). Start one with `taskgrid local`, or " + directions.chooseAnother() + ".", e);
        }
        if (String.valueOf(root.getMessage()).startsWith("unrecognized method hash")) {
            // The stub calls every method of the interface remotely, its defaults too: an older controller has no such
            // method, and says so only in RMI's words.
            String theirs = controllerProtocol.get();
            return new InputRefusedException("The controller at " + address + (theirs == null ? "" : " (protocol " + theirs
                    + ")") + " does not know this request: it runs an older TaskGrid than this client (protocol "
                    + Version.PROTOCOL + "). Update the controller to this client's version to use it.", e);
        }
        if (root instanceof ClassNotFoundException || root instanceof InvalidClassException
                || root instanceof InvalidObjectException && String.valueOf(root.getMessage()).contains("version")) {
            // One side sent what the other's classes cannot read: the records' serial form differs between versions.
            String theirs = controllerProtocol.get();
            String versions = theirs == null || theirs.equals(Version.PROTOCOL)
                    ? "runs another TaskGrid version than this client (protocol " + Version.PROTOCOL + ")"
                    : "speaks protocol " + theirs + " and this client protocol " + Version.PROTOCOL;
            return new ControllerUnreachableException("The controller at " + address + " " + versions + ": one could not"
                    + " read what the other sent (" + detail(root) + "). Run the same TaskGrid version on the controller and"
                    + " its clients.", e);
        }
        return new ControllerUnreachableException("The controller at " + address + " broke off the call (" + detail(root)
                + "). Check that it still runs and that it runs the same TaskGrid version as this client.", e);
    }

    private static String detail(Throwable root) {
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        int nested = message.indexOf("; nested exception is");
        return nested > 0 ? message.substring(0, nested) : message;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable current = t;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }
}
