package dev.eventgateway.config;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code http.trustedProxies}: the CIDR blocks (IPv4 and IPv6) of the load balancers and reverse proxies whose
 * forwarding headers are believed. Matching is Netty's {@link IpSubnetFilterRule}. Immutable and thread-safe.
 */
public final class TrustedProxies {

    public static final TrustedProxies NONE = new TrustedProxies(List.of(), List.of());

    /** Literals only: InetAddress would otherwise resolve a host name through DNS. */
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9a-fA-F.:]+");

    private final List<String> cidrs;
    private final List<IpSubnetFilterRule> rules;

    private TrustedProxies(List<String> cidrs, List<IpSubnetFilterRule> rules) {
        this.cidrs = List.copyOf(cidrs);
        this.rules = List.copyOf(rules);
    }

    /**
     * @param cidrs {@code 10.0.0.0/8}, {@code 2001:db8::/32}; a bare address is one host
     * @throws IllegalArgumentException naming the first entry that is not a CIDR block
     */
    public static TrustedProxies of(List<String> cidrs) {
        List<String> texts = new ArrayList<>();
        List<IpSubnetFilterRule> rules = new ArrayList<>();
        for (String cidr : cidrs) {
            String text = cidr.trim();
            if (text.isEmpty()) {
                continue;
            }
            rules.add(rule(text));
            texts.add(text);
        }
        return new TrustedProxies(texts, rules);
    }

    private static IpSubnetFilterRule rule(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        if (!IP_LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
        try {
            InetAddress ip = InetAddress.getByName(address);
            int max = ip.getAddress().length * 8;
            int prefix = slash < 0 ? max : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("bad prefix length in CIDR: " + text);
            }
            return new IpSubnetFilterRule(ip, prefix, IpFilterRuleType.ACCEPT);
        } catch (java.net.UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR: " + text);
        }
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** True when the address lies in one of the blocks; an IPv4 address never matches an IPv6 block, nor back. */
    public boolean contains(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        for (IpSubnetFilterRule rule : rules) {
            if (rule.matches(socket)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return cidrs.toString();
    }
}
