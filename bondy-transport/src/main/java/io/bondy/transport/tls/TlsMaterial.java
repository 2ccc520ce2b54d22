package io.bondy.transport.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A listener's certificate chain, private key and (for client certificates) trusted CAs, read from PEM
 * files and checked: each file exists and is readable, holds what it should, the server certificate is
 * valid now, and the key belongs to it. Every failure is a {@link TlsConfigException} naming the key,
 * the file and what is wrong, e.g. {@code wamp.tls.keyfile: the key in /etc/bondy/key.pem does not
 * match the certificate CN=router.example.com in /etc/bondy/cert.pem}.
 *
 * @param chain   the server's certificate first, then the intermediates
 * @param key     the server certificate's private key
 * @param trusted the CAs of client certificates; empty when none are asked for
 */
public record TlsMaterial(List<X509Certificate> chain, PrivateKey key, List<X509Certificate> trusted) {

    /** Larger files are not certificates or keys (a chain of ten 4 KiB certificates is 40 KiB). */
    static final long MAX_FILE_BYTES = 1 << 20;

    public TlsMaterial {
        chain = List.copyOf(chain);
        trusted = List.copyOf(trusted);
    }

    /** The server certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Reads and checks {@code config}'s files.
     *
     * @param now the instant the server certificate must be valid at
     * @throws TlsConfigException naming the key, the file and what is wrong
     */
    public static TlsMaterial load(TlsConfig config, Instant now) {
        String prefix = config.keyPrefix();
        List<X509Certificate> chain = certificates(prefix + ".certfile", config.certFile());
        X509Certificate leaf = chain.get(0);
        try {
            leaf.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new TlsConfigException(prefix + ".certfile: the certificate " + subject(leaf) + " in "
                    + config.certFile() + " expired on " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new TlsConfigException(prefix + ".certfile: the certificate " + subject(leaf) + " in "
                    + config.certFile() + " is not valid before " + leaf.getNotBefore().toInstant());
        }
        PrivateKey key = privateKey(prefix + ".keyfile", config.keyFile());
        if (!matches(key, leaf)) {
            throw new TlsConfigException(prefix + ".keyfile: the key in " + config.keyFile()
                    + " does not match the certificate " + subject(leaf) + " in " + config.certFile());
        }
        List<X509Certificate> trusted = config.caCertFile() == null ? List.of()
                : certificates(prefix + ".cacertfile", config.caCertFile());
        return new TlsMaterial(chain, key, trusted);
    }

    /**
     * Real path, size and modification time of each of {@code config}'s files ({@code path|missing} for
     * one that cannot be read): a symlink swap (Kubernetes secrets) changes it, so comparing two lists
     * tells whether a reload is due.
     */
    public static List<String> fingerprints(TlsConfig config) {
        List<String> prints = new ArrayList<>();
        for (Path file : new Path[] {config.certFile(), config.keyFile(), config.caCertFile()}) {
            if (file == null) {
                continue;
            }
            try {
                prints.add(file.toRealPath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                prints.add(file + "|missing");
            }
        }
        return prints;
    }

    /** A certificate's subject as RFC 2253 text, e.g. {@code CN=router.example.com}. */
    public static String subject(X509Certificate cert) {
        return cert.getSubjectX500Principal().getName();
    }

    static String read(String key, Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new TlsConfigException(key + ": " + file + " is a directory, not a PEM file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new TlsConfigException(key + ": " + file + " is " + size + " bytes; a PEM file here is at most "
                        + MAX_FILE_BYTES);
            }
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(key + ": " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new TlsConfigException(key + ": " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new TlsConfigException(key + ": " + file + " cannot be read: " + e, e);
        }
    }

    private static List<Pem.Block> blocks(String key, Path file) {
        try {
            return Pem.blocks(read(key, file));
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(key + ": " + file + " is not a valid PEM file: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> certificates(String key, Path file) {
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Pem.Block block : blocks(key, file)) {
                if (block.type().equals("CERTIFICATE")) {
                    certs.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsConfigException(key + ": " + file + " holds a certificate that cannot be parsed: "
                    + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new TlsConfigException(key + ": " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certs;
    }

    private static PrivateKey privateKey(String key, Path file) {
        for (Pem.Block block : blocks(key, file)) {
            byte[] pkcs8;
            try {
                switch (block.type()) {
                    case "PRIVATE KEY" -> pkcs8 = block.der();
                    case "RSA PRIVATE KEY" -> pkcs8 = Pem.pkcs8FromPkcs1(block.der());
                    case "EC PRIVATE KEY" -> pkcs8 = Pem.pkcs8FromSec1(block.der());
                    case "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY (encrypted)", "EC PRIVATE KEY (encrypted)" ->
                            throw new TlsConfigException(key + ": the key in " + file + " is encrypted; Bondy needs it"
                                    + " unencrypted (openssl pkey -in " + file + " -out key.pem), readable only by"
                                    + " the node's user");
                    default -> {
                        continue;
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(key + ": the " + block.type() + " in " + file + " cannot be parsed: "
                        + e.getMessage(), e);
            }
            return decode(key, file, pkcs8);
        }
        throw new TlsConfigException(key + ": " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey decode(String key, Path file, byte[] pkcs8) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        throw new TlsConfigException(key + ": the private key in " + file
                + " cannot be parsed (RSA, EC and Ed25519 keys in PKCS#8, PKCS#1 or SEC1 PEM are supported)");
    }

    /** Whether {@code key} signs what the certificate's public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> null;
        };
        if (algorithm == null || !cert.getPublicKey().getAlgorithm().equals(key.getAlgorithm())
                && !(algorithm.startsWith("Ed") && cert.getPublicKey().getAlgorithm().startsWith("Ed"))) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
