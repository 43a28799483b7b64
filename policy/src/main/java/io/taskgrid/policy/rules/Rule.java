package io.taskgrid.policy.rules;

import java.net.InetAddress;

/** One line of a rule file: allow or deny a range; {@code line} is its line number, for messages. */
record Rule(boolean allow, AddressRange range, int line) {
    boolean matches(InetAddress address) {
        return range.contains(address);
    }

    @Override
    public String toString() {
        return (allow ? "allow " : "deny ") + range;
    }
}
