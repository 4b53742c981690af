package dev.eventgateway.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Certificates made by the tests themselves: a CA, server certificates for {@code localhost} / {@code 127.0.0.1}
 * signed by it, client certificates for mTLS, written as the PEM files an ACME client leaves, and SSL contexts for the
 * test clients. EC P-256 keys: quick to make.
 */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    private TestCertificates(String name) {
        this.name = name;
        this.caKeys = keyPair();
        this.ca = sign(new X500Name("CN=" + name + " test CA"), caKeys, new X500Name("CN=" + name + " test CA"),
                caKeys, true, null, null);
    }

    /** A new CA of its own. */
    public static TestCertificates authority(String name) {
        return new TestCertificates(name);
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A server certificate with its key. */
    public Issued server() {
        KeyPair keys = keyPair();
        X509Certificate cert = sign(new X500Name("CN=localhost"), keys, new X500Name("CN=" + name + " test CA"),
                caKeys, false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(new GeneralName[]{
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        return new Issued(cert, keys);
    }

    /** A server certificate for the given DNS names only (no IP address), with its key. */
    public Issued server(String... dnsNames) {
        KeyPair keys = keyPair();
        GeneralName[] names = new GeneralName[dnsNames.length];
        for (int i = 0; i < dnsNames.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
        }
        X509Certificate cert = sign(new X500Name("CN=" + dnsNames[0]), keys, new X500Name("CN=" + name + " test CA"),
                caKeys, false, KeyPurposeId.id_kp_serverAuth, new GeneralNames(names));
        return new Issued(cert, keys);
    }

    /** A client certificate (mTLS) with its key. */
    public Issued client(String commonName) {
        KeyPair keys = keyPair();
        X509Certificate cert = sign(new X500Name("CN=" + commonName), keys,
                new X500Name("CN=" + name + " test CA"), caKeys, false, KeyPurposeId.id_kp_clientAuth, null);
        return new Issued(cert, keys);
    }

    /** Writes the CA certificate as PEM. */
    public Path writeCa(Path file) {
        write(file, pem(ca));
        return file;
    }

    /** A client context that trusts this CA and, when given, presents the client certificate (of any CA). */
    public SSLContext clientContext(String protocol, Issued clientCertificate) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = null;
            if (clientCertificate != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                keys.setKeyEntry("client", clientCertificate.keys().getPrivate(), new char[0],
                        new java.security.cert.Certificate[]{clientCertificate.certificate()});
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, new char[0]);
            }
            SSLContext context = SSLContext.getInstance(protocol);
            context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        /**
         * Writes certificate and key as PEM files, each replaced in one move, as an ACME client renews them. Returns
         * the certificate file; the key is beside it with {@code .key}.
         */
        public Path write(Path certFile, Path keyFile) {
            writeAtomically(keyFile, pkcs8(keys.getPrivate()));
            writeAtomically(certFile, pem(certificate));
            return certFile;
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                        boolean isCa, KeyPurposeId purpose, GeneralNames altNames) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(2))), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (purpose != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("could not make a test certificate", e);
        }
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The key as PKCS#8 ({@code BEGIN PRIVATE KEY}), the form certbot and most ACME clients write. */
    private static String pkcs8(java.security.PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeAtomically(Path file, String text) {
        try {
            Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temp, text);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
