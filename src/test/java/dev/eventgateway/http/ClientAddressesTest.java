package dev.eventgateway.http;

import dev.eventgateway.config.TrustedProxies;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client address behind trusted proxies, IPv4 and IPv6; forged headers from anyone else change nothing. */
class ClientAddressesTest {

    private final ClientAddresses addresses =
            new ClientAddresses(TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8:1b::/48", "127.0.0.1")));

    private String resolve(String peer, List<String> forwarded, List<String> xff) {
        return addresses.resolve(peer, forwarded, xff).getHostAddress();
    }

    @Test
    void anUntrustedPeersForwardingHeadersAreIgnored() {
        assertThat(resolve("203.0.113.9", List.of(), List.of("198.51.100.7"))).isEqualTo("203.0.113.9");
        assertThat(resolve("2001:db8:ff::9", List.of("for=198.51.100.7"), List.of())).isEqualTo("2001:db8:ff:0:0:0:0:9");
    }

    @Test
    void behindATrustedProxyTheForwardedClientIsUsed() {
        assertThat(resolve("10.1.2.3", List.of(), List.of("198.51.100.7"))).isEqualTo("198.51.100.7");
        assertThat(resolve("2001:db8:1b::5", List.of(), List.of("2001:db8:ff::9"))).isEqualTo("2001:db8:ff:0:0:0:0:9");
    }

    @Test
    void theHeaderIsReadRightToLeftSoAForgedLeftmostEntryIsNotBelieved() {
        // the client sent "X-Forwarded-For: 192.0.2.1" itself; the balancer appended the address it saw
        assertThat(resolve("10.1.2.3", List.of(), List.of("192.0.2.1, 198.51.100.7"))).isEqualTo("198.51.100.7");
        // two trusted hops (an edge proxy, then the balancer) are skipped
        assertThat(resolve("10.1.2.3", List.of(), List.of("192.0.2.1, 198.51.100.7, 10.9.9.9")))
                .isEqualTo("198.51.100.7");
        // several header lines count as one list, in order
        assertThat(resolve("10.1.2.3", List.of(), List.of("192.0.2.1", "198.51.100.7"))).isEqualTo("198.51.100.7");
    }

    @Test
    void forwardedWinsOverXForwardedForAndItsQuotedIpv6FormIsRead() {
        assertThat(resolve("10.1.2.3", List.of("for=192.0.2.60;proto=https;by=10.1.2.3"), List.of("198.51.100.7")))
                .isEqualTo("192.0.2.60");
        assertThat(resolve("127.0.0.1", List.of("for=\"[2001:db8:cafe::17]:4711\""), List.of()))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(resolve("10.1.2.3", List.of("for=192.0.2.60:8080, for=10.2.2.2"), List.of()))
                .isEqualTo("192.0.2.60");
    }

    @Test
    void anEntryThatIsNoAddressEndsTheWalkAtTheLastTrustedHop() {
        assertThat(resolve("10.1.2.3", List.of(), List.of("198.51.100.7, unknown"))).isEqualTo("10.1.2.3");
        assertThat(resolve("10.1.2.3", List.of("for=_hidden"), List.of())).isEqualTo("10.1.2.3");
        assertThat(resolve("10.1.2.3", List.of(), List.of("evil.example.com"))).isEqualTo("10.1.2.3");
        assertThat(resolve("10.1.2.3", List.of(), List.of())).isEqualTo("10.1.2.3");
    }

    @Test
    void withoutTrustedProxiesThePeerIsTheClient() {
        ClientAddresses none = new ClientAddresses(TrustedProxies.NONE);
        assertThat(none.resolve("10.1.2.3", List.of(), List.of("198.51.100.7")).getHostAddress())
                .isEqualTo("10.1.2.3");
    }

    @Test
    void trustedProxiesAreCidrsOfEitherFamilyAndNothingElse() {
        TrustedProxies proxies = TrustedProxies.of(List.of("10.0.0.0/8", "2001:db8::/32"));
        assertThat(proxies.contains(ClientAddresses.literal("10.255.0.1"))).isTrue();
        assertThat(proxies.contains(ClientAddresses.literal("11.0.0.1"))).isFalse();
        assertThat(proxies.contains(ClientAddresses.literal("2001:db8:ffff::1"))).isTrue();
        assertThat(proxies.contains(ClientAddresses.literal("2001:db9::1"))).isFalse();
        assertThat(proxies.contains(ClientAddresses.literal("::ffff:10.0.0.1"))).isTrue(); // IPv4-mapped is IPv4
        assertThatThrownBy(() -> TrustedProxies.of(List.of("proxy.internal"))).hasMessageContaining("proxy.internal");
        assertThatThrownBy(() -> TrustedProxies.of(List.of("10.0.0.0/33"))).hasMessageContaining("prefix");
    }
}
