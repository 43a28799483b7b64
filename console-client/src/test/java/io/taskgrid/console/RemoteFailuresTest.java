package io.taskgrid.console;

import io.taskgrid.api.client.ControllerAddress;
import org.junit.jupiter.api.Test;

import java.rmi.ServerException;
import java.rmi.UnmarshalException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RemoteFailuresTest {
    private static final ControllerAddress CONTROLLER = ControllerAddress.parse("grid.example:1099");

    @Test
    void anAnswerThisClientCannotReadSaysTheVersionsDiffer() {
        // A newer controller answers with a class this client does not have.
        ConsoleException e = RemoteFailures.translate(CONTROLLER,
                new UnmarshalException("error unmarshalling return", new ClassNotFoundException("io.taskgrid.api.NewForm")));
        assertTrue(e.getMessage().contains("runs another TaskGrid version"), e.getMessage());
        assertTrue(e.getMessage().contains("Run the same TaskGrid version"), e.getMessage());
    }

    @Test
    void aRequestTheControllerCannotReadSaysTheVersionsDifferToo() {
        // An older controller cannot read this client's arguments; RMI wraps its failure in a ServerException.
        ConsoleException e = RemoteFailures.translate(CONTROLLER, new ServerException("RemoteException occurred in server thread",
                new UnmarshalException("error unmarshalling arguments", new ClassNotFoundException("io.taskgrid.api.CompactForm"))));
        assertTrue(e.getMessage().contains("runs another TaskGrid version"), e.getMessage());
        assertFalse(e.getMessage().contains("nested exception"), e.getMessage());
    }

    @Test
    void aBrokenConnectionIsNotMistakenForAnotherVersion() {
        ConsoleException e = RemoteFailures.translate(CONTROLLER,
                new UnmarshalException("error unmarshalling return", new java.io.EOFException()));
        assertFalse(e.getMessage().contains("another TaskGrid version"), e.getMessage());
        assertTrue(e.getMessage().contains("broke off the call"), e.getMessage());
    }
}
