package io.bondy.transport.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The PEM blocks of a file ({@code -----BEGIN TYPE----- base64 -----END TYPE-----}), and DER helpers for keys. */
final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s:,\\-]*?)-----END \\1-----");

    /** One PEM block: its type (e.g. {@code CERTIFICATE}) and decoded bytes. */
    record Block(String type, byte[] der) {
    }

    private Pem() {
    }

    /** Every block of {@code text}, in order; throws IllegalArgumentException naming a block that is not base64. */
    static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) { // RFC 1421 headers: "Proc-Type: 4,ENCRYPTED"
                blocks.add(new Block(m.group(1) + " (encrypted)", new byte[0]));
                continue;
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("its " + m.group(1) + " block is not valid base64", e);
            }
        }
        return blocks;
    }

    /** PKCS#1 RSAPrivateKey DER wrapped as a PKCS#8 PrivateKeyInfo. */
    static byte[] pkcs8FromPkcs1(byte[] pkcs1) {
        byte[] algorithm = sequence(concat(
                new byte[] {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01},
                new byte[] {0x05, 0x00}));
        return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, pkcs1)));
    }

    /**
     * SEC1 ECPrivateKey DER ({@code EC PRIVATE KEY}) wrapped as a PKCS#8 PrivateKeyInfo; the curve comes
     * from the SEC1 structure's parameters.
     *
     * @throws IllegalArgumentException when the structure names no curve
     */
    static byte[] pkcs8FromSec1(byte[] sec1) {
        // ECPrivateKey ::= SEQUENCE { version INTEGER, privateKey OCTET STRING, [0] parameters OID OPTIONAL, ... }
        Der outer = Der.read(sec1, 0);
        int pos = outer.contentStart();
        byte[] curve = null;
        while (pos < outer.end()) {
            Der item = Der.read(sec1, pos);
            if ((item.tag() & 0xff) == 0xa0) {
                Der oid = Der.read(sec1, item.contentStart());
                curve = java.util.Arrays.copyOfRange(sec1, oid.start(), oid.end());
            }
            pos = item.end();
        }
        if (curve == null) {
            throw new IllegalArgumentException("the EC key names no curve");
        }
        byte[] ecPublicKey = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
        byte[] algorithm = sequence(concat(ecPublicKey, curve));
        return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, sec1)));
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(n >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** One DER element: where it starts, where its content starts, where it ends. */
    private record Der(int tag, int start, int contentStart, int end) {

        static Der read(byte[] der, int start) {
            if (start + 2 > der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            int tag = der[start] & 0xff;
            int len = der[start + 1] & 0xff;
            int content = start + 2;
            if (len >= 0x80) {
                int bytes = len & 0x7f;
                if (bytes == 0 || bytes > 4 || content + bytes > der.length) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < bytes; i++) {
                    len = (len << 8) | (der[content + i] & 0xff);
                }
                content += bytes;
            }
            if (len < 0 || content + len > der.length) {
                throw new IllegalArgumentException("truncated DER");
            }
            return new Der(tag, start, content, content + len);
        }
    }
}
