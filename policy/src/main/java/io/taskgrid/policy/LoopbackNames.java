package io.taskgrid.policy;

/** Whether a host as a person writes it (a name or an address, IPv6 in brackets or not) means this machine's loopback. */
public final class LoopbackNames {
    private LoopbackNames() {
    }

    public static boolean isLoopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }
}
