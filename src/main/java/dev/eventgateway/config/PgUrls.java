package dev.eventgateway.config;

import dev.eventgateway.crypto.Secret;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads {@code postgres.url} in either form users paste: {@code postgresql://user:pass@host:5432/db} or
 * {@code jdbc:postgresql://host:5432/db?user=…&password=…}. {@code postgres.user} / {@code postgres.password} win
 * over the URL's, and so do {@code postgres.sslMode} / {@code postgres.sslRootCert} over its {@code sslmode} /
 * {@code sslrootcert}.
 */
final class PgUrls {

    private PgUrls() {
    }

    static PgConfig parse(ConfigReader r) {
        int poolSize = r.integer("postgres.poolSize", 1, 256);
        String url = r.string("postgres.url");
        if (url == null) {
            return new PgConfig(null, 0, "postgres", "postgres", null, poolSize, PgConfig.SslMode.DISABLE, null);
        }
        String text = url.startsWith("jdbc:") ? url.substring(5) : url;
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            r.problem("postgres.url", "not a PostgreSQL URL: " + e.getReason());
            return new PgConfig(null, 0, "postgres", "postgres", null, poolSize, PgConfig.SslMode.DISABLE, null);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme()) || uri.getHost() == null) {
            r.problem("postgres.url", "must look like postgresql://user:pass@host:5432/db or jdbc:postgresql://host:5432/db");
            return new PgConfig(null, 0, "postgres", "postgres", null, poolSize, PgConfig.SslMode.DISABLE, null);
        }
        Map<String, String> query = query(uri.getRawQuery());
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        user = first(r.string("postgres.user"), query.get("user"), user, "postgres");
        password = first(r.string("postgres.password"), query.get("password"), password, "");
        String path = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        PgConfig.SslMode sslMode = PgConfig.SslMode.DISABLE;
        String modeText = first(r.string("postgres.sslMode"), query.get("sslmode"), "disable");
        try {
            sslMode = PgConfig.SslMode.parse(modeText);
        } catch (IllegalArgumentException e) {
            r.problem("postgres.sslMode", e.getMessage());
        }
        String rootCert = first(r.string("postgres.sslRootCert"), query.get("sslrootcert"));
        Path sslRootCert = rootCert == null ? null : Path.of(rootCert);
        if (sslMode == PgConfig.SslMode.VERIFY_FULL && (sslRootCert == null || !Files.isReadable(sslRootCert))) {
            r.problem("postgres.sslRootCert", "verify-full needs the CA file that signed the server's certificate"
                    + (sslRootCert == null ? "" : "; no readable file: " + sslRootCert));
        }
        return new PgConfig(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), path, user,
                Secret.ofNullable(password), poolSize, sslMode, sslRootCert);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                out.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
