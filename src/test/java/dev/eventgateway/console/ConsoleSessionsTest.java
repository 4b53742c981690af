package dev.eventgateway.console;

import dev.eventgateway.crypto.Secret;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleSessionsTest {

    private static final Instant NOW = Instant.parse("2026-06-05T10:00:00Z");
    private final ConsoleSessions sessions = at(NOW, "admin-token");

    @Test
    void aSessionHoldsUntilItsExpiryAndNotASecondLonger() {
        String cookie = sessions.open();
        assertThat(sessions.check(cookie)).hasValueSatisfying(s -> assertThat(s.expiresAt())
                .isEqualTo(NOW.plus(Duration.ofHours(8))));
        assertThat(at(NOW.plus(Duration.ofHours(8)).minusSeconds(1), "admin-token").check(cookie)).isPresent();
        assertThat(at(NOW.plus(Duration.ofHours(8)), "admin-token").check(cookie)).isEmpty();
    }

    @Test
    void aTamperedCookieOrOneSignedUnderAnotherTokenIsRefused() {
        String cookie = sessions.open();
        String[] parts = cookie.split("\\.");
        String later = parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2] + "." + parts[3];
        assertThat(sessions.check(later)).isEmpty();
        assertThat(sessions.check(cookie + "0")).isEmpty();
        assertThat(sessions.check("v1.garbage")).isEmpty();
        assertThat(sessions.check("")).isEmpty();
        assertThat(at(NOW, "rotated-token").check(cookie)).isEmpty();
    }

    @Test
    void eachSessionHasItsOwnCsrfTokenThatTheSameSessionAlwaysGives() {
        String one = sessions.open();
        String two = sessions.open();
        String csrf = sessions.check(one).orElseThrow().csrfToken();
        assertThat(sessions.check(one).orElseThrow().csrfToken()).isEqualTo(csrf);
        assertThat(sessions.check(two).orElseThrow().csrfToken()).isNotEqualTo(csrf);
        assertThat(csrf).doesNotContain(one.split("\\.")[3]);
    }

    @Test
    void onlyTheAdminTokenSignsIn() {
        assertThat(sessions.isAdminToken("admin-token")).isTrue();
        assertThat(sessions.isAdminToken("admin-token ")).isFalse();
        assertThat(sessions.isAdminToken("admin")).isFalse();
        assertThat(sessions.isAdminToken(null)).isFalse();
    }

    private static ConsoleSessions at(Instant now, String token) {
        return new ConsoleSessions(Secret.ofNullable(token), Duration.ofHours(8), false,
                Clock.fixed(now, ZoneOffset.UTC));
    }
}
