package io.taskgrid.policy.transport;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;

/**
 * What a TaskGrid certificate allows its holder to be. {@code taskgrid tls init} writes it as the subject's
 * organizational unit ({@code OU=taskgrid-agent}); for an agent the common name is its agent id.
 */
public enum PeerRole {
    CONTROLLER, AGENT, CLIENT;

    /** The organizational unit that carries this role in a certificate's subject. */
    public String unit() {
        return "taskgrid-" + name().toLowerCase(Locale.ROOT);
    }

    /** A word for messages: "controller", "agent", "client". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "a controller", "an agent", "a client". */
    public String withArticle() {
        return (this == AGENT ? "an " : "a ") + word();
    }

    /** The role a certificate's subject names, if it names exactly one. */
    public static Optional<PeerRole> of(X509Certificate certificate) {
        Optional<PeerRole> found = Optional.empty();
        for (Rdn rdn : rdns(certificate.getSubjectX500Principal())) {
            if ("OU".equalsIgnoreCase(rdn.getType())) {
                for (PeerRole role : values()) {
                    if (role.unit().equalsIgnoreCase(String.valueOf(rdn.getValue()))) {
                        if (found.isPresent() && found.get() != role) {
                            return Optional.empty();
                        }
                        found = Optional.of(role);
                    }
                }
            }
        }
        return found;
    }

    /** The common name of a certificate's subject (an agent's id), or "" when it has none. */
    public static String commonName(X509Certificate certificate) {
        for (Rdn rdn : rdns(certificate.getSubjectX500Principal())) {
            if ("CN".equalsIgnoreCase(rdn.getType())) {
                return String.valueOf(rdn.getValue());
            }
        }
        return "";
    }

    private static java.util.List<Rdn> rdns(X500Principal principal) {
        try {
            return new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
        } catch (InvalidNameException e) {
            return java.util.List.of();
        }
    }
}
