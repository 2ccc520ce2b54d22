package io.bondy.security.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}). IPv4 addresses
 * also match as IPv4-mapped IPv6 addresses and vice versa.
 */
public final class Cidr {

    public static final Cidr ANY_V4 = parse("0.0.0.0/0");

    private final byte[] network;
    private final int bits;
    private final String text;

    private Cidr(byte[] network, int bits, String text) {
        this.network = network;
        this.bits = bits;
        this.text = text;
    }

    /** @throws SecurityError ({@code bondy.error.invalid_data}) if not a CIDR */
    public static Cidr parse(String cidr) {
        if (cidr == null) {
            throw new SecurityError(SecurityError.MISSING_REQUIRED_VALUE, "cidr is required");
        }
        int slash = cidr.indexOf('/');
        String addr = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new SecurityError(SecurityError.INVALID_DATA, "invalid cidr '" + cidr + "'");
        }
        try {
            byte[] ip = InetAddress.getByName(addr).getAddress(); // a literal: no lookup happens
            int bits = slash < 0 ? ip.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
            if (bits < 0 || bits > ip.length * 8) {
                throw new SecurityError(SecurityError.INVALID_DATA, "invalid prefix length in cidr '" + cidr + "'");
            }
            byte[] masked = mask(ip, bits);
            return new Cidr(masked, bits, InetAddress.getByAddress(masked).getHostAddress() + "/" + bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new SecurityError(SecurityError.INVALID_DATA, "invalid cidr '" + cidr + "'");
        }
    }

    /** Whether {@code address} is in this network; null (an in-process peer) is never in one. */
    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] ip = address.getAddress();
        if (ip.length != network.length) {
            ip = convert(ip, network.length);
            if (ip == null) {
                return false;
            }
        }
        byte[] m = mask(ip, bits);
        return java.util.Arrays.equals(m, network);
    }

    public int prefixLength() {
        return bits;
    }

    private static byte[] convert(byte[] ip, int length) {
        if (ip.length == 16 && length == 4) {
            for (int i = 0; i < 10; i++) {
                if (ip[i] != 0) {
                    return null;
                }
            }
            if (ip[10] != (byte) 0xFF || ip[11] != (byte) 0xFF) {
                return null;
            }
            return java.util.Arrays.copyOfRange(ip, 12, 16);
        }
        if (ip.length == 4 && length == 16) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(ip, 0, v6, 12, 4);
            return v6;
        }
        return null;
    }

    private static byte[] mask(byte[] ip, int bits) {
        byte[] out = ip.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] &= (byte) (0xFF << (8 - keep));
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
