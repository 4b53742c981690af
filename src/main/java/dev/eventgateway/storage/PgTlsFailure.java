package dev.eventgateway.storage;

import dev.eventgateway.config.PgConfig;

import javax.net.ssl.SSLException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The PostgreSQL server and {@code postgres.sslMode} / {@code postgres.sslRootCert} do not agree: no retry can
 * help, so the start stops at once with a message that says what to change (and no stack trace: the message is the
 * whole story).
 */
public final class PgTlsFailure extends IllegalStateException {

    private PgTlsFailure(String message) {
        super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /**
     * What a failed connection attempt says about TLS, or null when the failure is about something else (the server
     * not up yet, a wrong password: those are reported, or retried, where they occur).
     */
    static PgTlsFailure of(PgConfig pg, SQLException failure) {
        PgConfig.SslMode mode = pg.sslMode() == null ? PgConfig.SslMode.DISABLE : pg.sslMode();
        String server = pg.host() + ":" + pg.port();
        String settings = " [server: " + server + ", postgres.sslMode: " + mode.text() + "]";
        String text = messages(failure).toLowerCase(Locale.ROOT);
        if (mode == PgConfig.SslMode.DISABLE) {
            // PostgreSQL 17 says "no encryption", older servers "SSL off"
            if ("28000".equals(failure.getSQLState()) && text.contains("pg_hba.conf")
                    && (text.contains("no encryption") || text.contains("ssl off"))) {
                return new PgTlsFailure("PostgreSQL TLS: the server accepts only encrypted connections from this"
                        + " address (pg_hba.conf hostssl), but postgres.sslMode is disable; set it to require or"
                        + " verify-full" + settings);
            }
            return null;
        }
        if (text.contains("does not support ssl")) {
            return new PgTlsFailure("PostgreSQL TLS: the server does not offer TLS, but postgres.sslMode is "
                    + mode.text() + "; turn ssl on in the server, or set postgres.sslMode to disable" + settings);
        }
        if (text.contains("hostname") && text.contains("could not be verified")) {
            return new PgTlsFailure("PostgreSQL TLS: the server's certificate does not carry the host name "
                    + pg.host() + " that postgres.url connects to (verify-full checks it); connect by a name the"
                    + " certificate carries" + settings);
        }
        if (has(failure, CertPathValidatorException.class) || has(failure, CertificateException.class)
                || text.contains("pkix path")) {
            return new PgTlsFailure("PostgreSQL TLS: the server's certificate is not signed by the CA in"
                    + " postgres.sslRootCert (" + pg.sslRootCert() + ")" + settings);
        }
        if (has(failure, SSLException.class)) {
            return new PgTlsFailure("PostgreSQL TLS: the handshake failed (" + rootMessage(failure) + ")"
                    + settings);
        }
        return null;
    }

    private static String messages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(t.getMessage()).append('\n');
        }
        return out.toString();
    }

    private static boolean has(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
