package dev.eventgateway.ingress;

import dev.eventgateway.webhook.Webhook;
import io.vertx.core.http.HttpServerRequest;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * A webhook's {@code clientCertificate} (mTLS per webhook) against the connection's client certificate. The TLS
 * handshake already checked that a presented certificate chains to {@code http.tls.clientCa}; what is left here is
 * whether one was presented and, when the webhook names one, whether its subject CN or one of its DNS names is that
 * name (exactly, ignoring case).
 */
final class ClientCertificates {

    private static final int DNS_NAME = 2;

    private ClientCertificates() {
    }

    static boolean acceptable(HttpServerRequest request, String required) {
        if (!request.isSSL()) {
            return false;
        }
        List<Certificate> chain;
        try {
            chain = request.connection().peerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
        if (chain == null || chain.isEmpty() || !(chain.get(0) instanceof X509Certificate leaf)) {
            return false;
        }
        return Webhook.ANY_CLIENT_CERTIFICATE.equalsIgnoreCase(required) || names(leaf, required);
    }

    private static boolean names(X509Certificate leaf, String name) {
        try {
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType()) && name.equalsIgnoreCase(String.valueOf(rdn.getValue()))) {
                    return true;
                }
            }
            Collection<List<?>> altNames = leaf.getSubjectAlternativeNames();
            if (altNames != null) {
                for (List<?> altName : altNames) {
                    if (altName.size() == 2 && Integer.valueOf(DNS_NAME).equals(altName.get(0))
                            && name.equalsIgnoreCase(String.valueOf(altName.get(1)))) {
                        return true;
                    }
                }
            }
        } catch (InvalidNameException | CertificateParsingException e) {
            return false;
        }
        return false;
    }
}
