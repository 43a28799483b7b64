package io.taskgrid.policy.rules;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A CIDR block ({@code 192.0.2.0/24}, {@code 2001:db8::/32}) or every address. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:192.0.2.7}) match the IPv4 blocks they stand for.
 */
record AddressRange(byte[] network, int prefixLength, String text) {

    static final AddressRange ALL = new AddressRange(new byte[0], 0, "all");

    /**
     * @throws IllegalArgumentException with what is wrong, for a rule file's error message
     */
    static AddressRange parse(String text) {
        if (text.equals("all")) {
            return ALL;
        }
        String address = text;
        Integer prefix = null;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            address = text.substring(0, slash);
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text.substring(slash + 1) + "' is not a prefix length");
            }
        }
        if (!address.matches("[0-9A-Fa-f:.]+") || !address.contains(".") && !address.contains(":")) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address (host names are not allowed in rules)");
        }
        if (!address.contains(":") && !isIpv4Literal(address)) {
            // Checked here so that InetAddress never takes it for a host name to look up.
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 address (four numbers from 0 to 255)");
        }
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(address); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
        }
        byte[] bytes = canonical(parsed);
        int bits = bytes.length * 8;
        int length = prefix == null ? bits : prefix;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("the prefix length /" + length + " is out of range for " + address + " (0 to " + bits + ")");
        }
        byte[] network = mask(bytes, length);
        if (!Arrays.equals(network, bytes)) {
            throw new IllegalArgumentException("'" + text + "' has bits set beyond its /" + length + " prefix; did you mean "
                    + toText(network) + "/" + length + "?");
        }
        return new AddressRange(network, length, text);
    }

    private static boolean isIpv4Literal(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    boolean contains(InetAddress address) {
        if (this == ALL) {
            return true;
        }
        byte[] bytes = canonical(address);
        return bytes.length == network.length && Arrays.equals(mask(bytes, prefixLength), network);
    }

    /** IPv4-mapped IPv6 addresses become their IPv4 address. */
    private static byte[] canonical(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return Arrays.copyOfRange(bytes, 12, 16);
        }
        return bytes;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int length) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    private static String toText(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AddressRange r && r.prefixLength == prefixLength && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
