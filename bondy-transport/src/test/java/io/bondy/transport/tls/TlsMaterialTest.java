package io.bondy.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A listener's files are checked at start and every failure names the key, the file and what is wrong:
 * missing, a directory, not PEM, no key, an encrypted key, an expired or not yet valid certificate, a
 * key of another certificate. PKCS#8, PKCS#1 (RSA) and SEC1 (EC) keys are all read.
 */
class TlsMaterialTest {

    private static final TestPki PKI = TestPki.create("Bondy material test CA");

    @TempDir
    Path dir;

    @Test
    void aValidChainAndKeyLoad() {
        TestPki.Issued server = PKI.server("ok.test");
        TlsMaterial material = TlsMaterial.load(config(server), Instant.now());

        assertThat(material.certificate()).isEqualTo(server.certificate());
        assertThat(material.chain()).hasSize(2);
        assertThat(material.trusted()).isEmpty();
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        TestPki.Issued server = PKI.server("ok.test");
        Path missing = dir.resolve("nope.pem");
        TlsConfig config = TlsConfig.of("wamp.tls", missing, server.writeKey(dir.resolve("key.pem")));

        assertThatThrownBy(() -> TlsMaterial.load(config, Instant.now())).isInstanceOf(TlsConfigException.class)
                .hasMessage("wamp.tls.certfile: " + missing + " does not exist");
    }

    @Test
    void aDirectoryOrAFileWithoutPemIsRefused() throws Exception {
        TestPki.Issued server = PKI.server("ok.test");
        Path key = server.writeKey(dir.resolve("key.pem"));
        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("wamp.tls", dir, key), Instant.now()))
                .hasMessageContaining("wamp.tls.certfile").hasMessageContaining("is a directory");

        Path text = Files.writeString(dir.resolve("cert.pem"), "hello, I am not a certificate\n");
        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("wamp.tls", text, key), Instant.now()))
                .hasMessage("wamp.tls.certfile: " + text + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");

        Path chain = server.writeChain(dir.resolve("chain.pem"));
        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("admin_api.https", chain, chain), Instant.now()))
                .hasMessage("admin_api.https.keyfile: " + chain
                        + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedWithItsDates() {
        Instant now = Instant.now();
        TestPki.Issued expired = PKI.server("old.test", now.minus(Duration.ofDays(10)), now.minus(Duration.ofDays(1)));
        assertThatThrownBy(() -> TlsMaterial.load(config(expired), now)).isInstanceOf(TlsConfigException.class)
                .hasMessageStartingWith("api_gateway.https.certfile: the certificate CN=old.test in ")
                .hasMessageContaining("expired on " + expired.certificate().getNotAfter().toInstant());

        TestPki.Issued future = PKI.server("new.test", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(9)));
        assertThatThrownBy(() -> TlsMaterial.load(config(future), now))
                .hasMessageContaining("is not valid before " + future.certificate().getNotBefore().toInstant());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TestPki.Issued server = PKI.server("ok.test");
        TestPki.Issued other = PKI.server("other.test");
        Path cert = server.writeChain(dir.resolve("cert.pem"));
        Path key = other.writeKey(dir.resolve("key.pem"));

        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("wamp.tls", cert, key), Instant.now()))
                .isInstanceOf(TlsConfigException.class)
                .hasMessage("wamp.tls.keyfile: the key in " + key + " does not match the certificate CN=ok.test in "
                        + cert);
    }

    @Test
    void anEncryptedKeyIsRefusedWithHowToDecryptIt() throws Exception {
        TestPki.Issued server = PKI.server("ok.test");
        Path cert = server.writeChain(dir.resolve("cert.pem"));
        Path key = Files.writeString(dir.resolve("key.pem"), TestPki.pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2}));

        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("wamp.tls", cert, key), Instant.now()))
                .hasMessageContaining("wamp.tls.keyfile: the key in " + key + " is encrypted");
    }

    @Test
    void sec1EcKeysAsCertManagerWritesThemAreRead() throws Exception {
        TestPki.Issued server = PKI.server("ok.test");
        Path cert = server.writeChain(dir.resolve("cert.pem"));
        // SEC1 with the curve named in it, as `openssl ecparam -genkey` and cert-manager write it
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                server.key().getEncoded());
        byte[] sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) server.key()).getS(),
                info.getPrivateKeyAlgorithm().getParameters()).getEncoded();
        Path key = Files.writeString(dir.resolve("key.pem"), TestPki.pem("EC PRIVATE KEY", sec1));

        assertThat(TlsMaterial.load(TlsConfig.of("wamp.tls", cert, key), Instant.now()).key().getAlgorithm())
                .isEqualTo("EC");
    }

    @Test
    void pkcs1RsaKeysAreRead() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        java.security.KeyPair pair = rsa.generateKeyPair();
        Path key = Files.writeString(dir.resolve("key.pem"), traditionalPem(pair.getPrivate()));
        assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        // the key is read; it belongs to no certificate here, which is the error that proves it was parsed
        Path cert = PKI.server("ok.test").writeChain(dir.resolve("cert.pem"));

        assertThatThrownBy(() -> TlsMaterial.load(TlsConfig.of("wamp.tls", cert, key), Instant.now()))
                .hasMessageContaining("does not match the certificate");
        assertThat(TlsMaterial.matches(pair.getPrivate(), PKI.server("x").certificate())).isFalse();
    }

    @Test
    void clientCertificatesNeedACaFile() {
        TestPki.Issued server = PKI.server("ok.test");
        TlsConfig config = config(server);

        assertThatThrownBy(() -> config.withClientAuth(TlsConfig.ClientAuth.REQUIRED, null))
                .hasMessageContaining("api_gateway.https.client_auth = required needs api_gateway.https.cacertfile");
        Path ca = PKI.writeCa(dir.resolve("ca.pem"));
        assertThat(TlsMaterial.load(config.withClientAuth(TlsConfig.ClientAuth.REQUIRED, ca), Instant.now()).trusted())
                .containsExactly(PKI.ca());
    }

    /** The key as OpenSSL's traditional PEM ({@code EC PRIVATE KEY} with its curve, {@code RSA PRIVATE KEY}). */
    private static String traditionalPem(java.security.PrivateKey key) throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        try (org.bouncycastle.openssl.jcajce.JcaPEMWriter pem = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(out)) {
            pem.writeObject(key);
        }
        return out.toString();
    }

    private TlsConfig config(TestPki.Issued server) {
        return TlsConfig.of("api_gateway.https", server.writeChain(dir.resolve("cert.pem")),
                server.writeKey(dir.resolve("key.pem")));
    }
}
