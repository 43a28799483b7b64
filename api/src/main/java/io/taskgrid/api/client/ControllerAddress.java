package io.taskgrid.api.client;

import io.taskgrid.api.ControllerService;

import java.util.Objects;

/**
 * Where a controller listens, as people type it on a command line or in a dialog; shared by every client.
 *
 * @param host name or address (an IPv6 address without brackets)
 * @param port 1 to 65535
 */
public record ControllerAddress(String host, int port) {

    public ControllerAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("The controller's host name is empty; write it as HOST or HOST:PORT.");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("Port " + port + " is not a port; give one between 1 and 65535.");
        }
    }

    /** The default controller: localhost on {@link ControllerService#DEFAULT_PORT}. */
    public static ControllerAddress localDefault() {
        return new ControllerAddress("localhost", ControllerService.DEFAULT_PORT);
    }

    /**
     * Reads {@code HOST}, {@code HOST:PORT}, {@code [IPV6]} or {@code [IPV6]:PORT}; the port defaults to 1099.
     *
     * @throws IllegalArgumentException with a sentence naming the fix
     */
    public static ControllerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The controller address is empty; write it as HOST or HOST:PORT, for instance localhost:1099.");
        }
        String t = text.trim();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(text);
            }
            host = t.substring(1, close);
            String rest = t.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(text);
                }
                port = rest.substring(1);
            }
        } else if (t.indexOf(':') != t.lastIndexOf(':')) {
            host = t; // a bare IPv6 address
        } else {
            int colon = t.indexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw bad(text);
        }
        if (port == null) {
            return new ControllerAddress(host, ControllerService.DEFAULT_PORT);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw bad(text);
        }
        if (number < 1 || number > 65_535) {
            throw bad(text);
        }
        return new ControllerAddress(host, number);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("'" + text + "' is not a controller address; write it as HOST or HOST:PORT"
                + " with a port between 1 and 65535, for instance localhost:1099.");
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
