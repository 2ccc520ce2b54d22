package io.bondy.security.authn;

import io.bondy.core.spi.AuthOutcome;
import io.bondy.core.spi.TransportInfo;
import io.bondy.security.model.AuthMethods;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * {@code tls} (Crossbar's name): the client certificate is the credential. The TLS listener has already
 * verified it against its CA ({@code client_auth = optional | required}); the authid comes from the
 * certificate ({@code security.tls.authid_from}: its subject's CN, or its first DNS, email or URI
 * subject alternative name). The user of that name must exist, be enabled and have a source for
 * {@code tls} from the client's address (checked before this runs); an authid in HELLO, if any, must be
 * the certificate's. WELCOME's authextra carries the certificate's subject and serial number.
 */
public final class TlsMethod implements AuthMethod {

    /** Where in the certificate the authid comes from ({@code security.tls.authid_from}). */
    public enum AuthidFrom {
        CN, DNS, EMAIL, URI;

        /** @throws IllegalArgumentException naming the allowed values */
        public static AuthidFrom parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("security.tls.authid_from must be cn, dns, email or uri, got "
                        + value, e);
            }
        }
    }

    private final AuthidFrom from;

    public TlsMethod(AuthidFrom from) {
        this.from = from;
    }

    @Override
    public String name() {
        return AuthMethods.TLS;
    }

    @Override
    public boolean challenges() {
        return false;
    }

    @Override
    public AuthOutcome start(AuthContext ctx) {
        X509Certificate cert = ctx.request().transport().clientCertificate();
        return new AuthOutcome.Granted(Identities.of(ctx, AuthMethods.TLS, Map.of(
                "subject", cert.getSubjectX500Principal().getName(),
                "serial", cert.getSerialNumber().toString(16))));
    }

    /**
     * The authid the client's certificate names, or null when the transport carries no verified client
     * certificate or the certificate lacks the configured field.
     */
    public String authid(TransportInfo transport) {
        X509Certificate cert = transport.clientCertificate();
        return cert == null ? null : authid(cert, from);
    }

    static String authid(X509Certificate cert, AuthidFrom from) {
        if (from == AuthidFrom.CN) {
            try {
                List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
                for (int i = rdns.size() - 1; i >= 0; i--) { // the most specific CN
                    if (rdns.get(i).getType().equalsIgnoreCase("CN")) {
                        return rdns.get(i).getValue().toString();
                    }
                }
                return null;
            } catch (InvalidNameException e) {
                return null;
            }
        }
        int type = switch (from) {
            case EMAIL -> 1;
            case DNS -> 2;
            case URI -> 6;
            default -> -1;
        };
        try {
            Collection<List<?>> names = cert.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (name.size() >= 2 && name.get(0) instanceof Integer t && t == type
                            && name.get(1) instanceof String value) {
                        return value;
                    }
                }
            }
            return null;
        } catch (CertificateParsingException e) {
            return null;
        }
    }
}
