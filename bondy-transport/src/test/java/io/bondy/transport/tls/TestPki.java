package io.bondy.transport.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (nothing committed expires): it issues server certificates
 * for {@code localhost}/127.0.0.1 and client certificates, valid or expired, and writes them as PEM.
 */
public final class TestPki {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;

    /** A certificate and its key, issued by {@link #ca()}. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate ca) {

        /** Writes the certificate (then the CA's, as a chain) to {@code file}. */
        public Path writeChain(Path file) {
            return write(file, pem("CERTIFICATE", encoded(certificate)) + pem("CERTIFICATE", encoded(ca)));
        }

        /** Writes the PKCS#8 key to {@code file}. */
        public Path writeKey(Path file) {
            return write(file, pem("PRIVATE KEY", key.getEncoded()));
        }

        /** A client {@link SSLContext} presenting this certificate and trusting {@code trusted}. */
        public SSLContext clientContext(X509Certificate trusted) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("me", key, new char[0], new X509Certificate[] {certificate, ca});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, new char[0]);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(kmf.getKeyManagers(), trustManagers(trusted), new SecureRandom());
                return context;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private TestPki(String name, KeyPair keys, X509Certificate certificate) {
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
    }

    /** A new self-signed CA (EC P-256), valid from an hour ago for 60 days. */
    public static TestPki create(String name) {
        KeyPair keys = ecKeys();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(60))), subject,
                    keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
            return new TestPki(name, keys, sign(b, keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return certificate;
    }

    /** Writes the CA certificate to {@code file}. */
    public Path writeCa(Path file) {
        return write(file, pem("CERTIFICATE", encoded(certificate)));
    }

    /** A server certificate for {@code localhost} and 127.0.0.1, valid now for 30 days. */
    public Issued server(String cn) {
        Instant now = Instant.now();
        return issue(cn, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)), true, List.of());
    }

    /** A server certificate valid over [{@code from}, {@code to}]. */
    public Issued server(String cn, Instant from, Instant to) {
        return issue(cn, from, to, true, List.of());
    }

    /** A client certificate, valid now for a day, with {@code sans} as DNS subject alternative names. */
    public Issued client(String cn, String... sans) {
        Instant now = Instant.now();
        return issue(cn, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(1)), false, List.of(sans));
    }

    /** A certificate for both ends of a connection (serverAuth and clientAuth), e.g. a cluster node's, for 127.0.0.1. */
    public Issued peer(String cn) {
        Instant now = Instant.now();
        return issue(cn, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(30)), true, List.of(), true);
    }

    /** A client certificate that expired an hour ago. */
    public Issued expiredClient(String cn) {
        Instant now = Instant.now();
        return issue(cn, now.minus(Duration.ofDays(2)), now.minus(Duration.ofHours(1)), false, List.of());
    }

    private Issued issue(String cn, Instant from, Instant to, boolean server, List<String> sans) {
        return issue(cn, from, to, server, sans, false);
    }

    private Issued issue(String cn, Instant from, Instant to, boolean server, List<String> sans, boolean both) {
        KeyPair pair = ecKeys();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), serial(),
                    Date.from(from), Date.from(to), new X500Name("CN=" + cn), pair.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false,
                    both ? new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth,
                            KeyPurposeId.id_kp_clientAuth})
                            : new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
            List<GeneralName> names = new ArrayList<>();
            if (server) {
                names.add(new GeneralName(GeneralName.dNSName, "localhost"));
                names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            }
            sans.forEach(s -> names.add(new GeneralName(GeneralName.dNSName, s)));
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            return new Issued(sign(b, keys.getPrivate()), pair.getPrivate(), certificate);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client {@link SSLContext} that trusts this CA and presents no certificate. */
    public SSLContext trustingClient() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(certificate), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS socket to 127.0.0.1:{@code port}, handshake done, with 5-second read timeouts. */
    public static SSLSocket connect(SSLContext context, int port) {
        try {
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes quietly. */
    public static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    static javax.net.ssl.TrustManager[] trustManagers(X509Certificate trusted) throws GeneralSecurityException {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("ca", trusted);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf.getTrustManagers();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) throws Exception {
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
        return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM text of {@code der}. */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** Writes {@code text}; the file is replaced as a whole (as a renewal tool's move would). */
    public static Path write(Path file, String text) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
