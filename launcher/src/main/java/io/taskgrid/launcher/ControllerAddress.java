package io.taskgrid.launcher;

import io.taskgrid.api.ControllerService;

/** {@code HOST[:PORT]} as typed on the command line. */
record ControllerAddress(String host, int port) {

    static ControllerAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("The controller address is empty; write it as HOST or HOST:PORT.");
        }
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0 || value.startsWith("[") && value.endsWith("]")) {
            return new ControllerAddress(value, ControllerService.DEFAULT_PORT);
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + portText + "' is not a port number in '" + text + "'; write HOST:PORT, e.g. localhost:1099.");
        }
        if (port < 1 || port > 65535 || host.isBlank()) {
            throw new IllegalArgumentException("'" + text + "' is not a controller address; write HOST:PORT with a port from 1 to 65535.");
        }
        return new ControllerAddress(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
