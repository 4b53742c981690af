package dev.eventgateway.webhook;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare address is a /32 or /128. */
public record Cidr(String text, byte[] network, int prefix) {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    /** @throws IllegalArgumentException with a message fit for a validation error */
    public static Cidr parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        // only literals: InetAddress.getByName would otherwise resolve a host name through DNS
        if (!IP_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad prefix length in CIDR: " + text);
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("bad prefix length in CIDR: " + text);
        }
        return new Cidr(trimmed, mask(bytes, prefix), prefix);
    }

    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        return candidate.length == network.length && java.util.Arrays.equals(mask(candidate, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        int bits = bytes.length * 8;
        BigInteger value = new BigInteger(1, bytes);
        BigInteger maskBits = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .shiftRight(prefix).not().and(BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        byte[] raw = value.and(maskBits).toByteArray();
        byte[] out = new byte[bytes.length];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.text.equals(text);
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
