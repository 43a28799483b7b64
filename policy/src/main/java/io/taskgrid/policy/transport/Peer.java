package io.taskgrid.policy.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Who is at the other end of a TLS connection, as its certificate says.
 *
 * @param role        what the certificate allows (controller, agent, client)
 * @param name        the subject's common name: for an agent, its id
 * @param fingerprint SHA-256 of the certificate, to tell two certificates of one name apart
 */
public record Peer(PeerRole role, String name, String fingerprint) {
    /** The peer a certificate describes, or empty when the certificate carries no TaskGrid role. */
    public static Optional<Peer> of(X509Certificate certificate) {
        return PeerRole.of(certificate).map(role -> new Peer(role, PeerRole.commonName(certificate), fingerprint(certificate)));
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint the certificate of " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** "agent node1 (certificate 3f2a…)", for messages and logs. */
    public String describe() {
        return role.word() + " " + name + " (certificate " + fingerprint.substring(0, 12) + "…)";
    }
}
