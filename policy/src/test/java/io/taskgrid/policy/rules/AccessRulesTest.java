package io.taskgrid.policy.rules;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessRulesTest {
    private static final Path FILE = Path.of("/etc/taskgrid/clients.rules");

    private static AccessRules rules(String... lines) throws RuleFileException {
        return AccessRules.parse(FILE, List.of(lines));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void theFirstMatchingRuleWinsAndEverythingElseIsDenied() throws Exception {
        AccessRules rules = rules("# clients", "", "deny 192.0.2.66/32  # the rogue one", "allow 192.0.2.0/24");
        assertTrue(rules.check(ip("192.0.2.7")).allowed());
        AccessDecision rogue = rules.check(ip("192.0.2.66"));
        assertFalse(rogue.allowed());
        assertTrue(rogue.reason().contains("deny 192.0.2.66/32") && rogue.reason().contains("line 3"), rogue.reason());
        AccessDecision stranger = rules.check(ip("198.51.100.1"));
        assertFalse(stranger.allowed());
        assertTrue(stranger.reason().contains("default deny"), stranger.reason());
    }

    @Test
    void ipv6RangesAndMappedIpv4AddressesMatch() throws Exception {
        AccessRules rules = rules("allow 2001:db8::/32", "allow 10.0.0.0/8", "allow ::1");
        assertTrue(rules.check(ip("2001:db8:1::5")).allowed());
        assertFalse(rules.check(ip("2001:db9::1")).allowed());
        assertTrue(rules.check(ip("::ffff:10.1.2.3")).allowed(), "an IPv4-mapped address matches its IPv4 rule");
        assertTrue(rules.check(ip("::1")).allowed());
        assertFalse(rules.check(ip("127.0.0.1")).allowed(), "::1 is not 127.0.0.1");
    }

    @Test
    void allowAllLetsEveryoneIn() throws Exception {
        assertTrue(rules("deny 192.0.2.1", "allow all").check(ip("203.0.113.9")).allowed());
        assertFalse(rules("deny 192.0.2.1", "allow all").check(ip("192.0.2.1")).allowed());
    }

    @Test
    void aMalformedLineIsRefusedWithFileLineAndWhatIsWrong() {
        var badAction = assertThrows(RuleFileException.class, () -> rules("allow 127.0.0.0/8", "permit 10.0.0.0/8"));
        assertTrue(badAction.getMessage().contains(FILE + ", line 2"), badAction.getMessage());
        assertTrue(badAction.getMessage().contains("'permit' is not an action"), badAction.getMessage());

        var badPrefix = assertThrows(RuleFileException.class, () -> rules("allow 10.0.0.0/33"));
        assertTrue(badPrefix.getMessage().contains("out of range"), badPrefix.getMessage());

        var hostBits = assertThrows(RuleFileException.class, () -> rules("allow 10.1.2.3/8"));
        assertTrue(hostBits.getMessage().contains("did you mean 10.0.0.0/8"), hostBits.getMessage());

        var hostName = assertThrows(RuleFileException.class, () -> rules("allow example.org"));
        assertTrue(hostName.getMessage().contains("host names are not allowed"), hostName.getMessage());

        var extraWord = assertThrows(RuleFileException.class, () -> rules("allow 10.0.0.0/8 now"));
        assertTrue(extraWord.getMessage().contains("two words"), extraWord.getMessage());
    }

    @Test
    void theShippedDefaultAllowsLoopbackOnly() throws Exception {
        Path shipped = Path.of(AccessRulesTest.class.getResource("/io/taskgrid/policy/loopback-only.rules").toURI());
        AccessRules rules = AccessRules.read(shipped);
        assertTrue(rules.check(ip("127.0.0.1")).allowed());
        assertTrue(rules.check(ip("::1")).allowed());
        assertFalse(rules.check(ip("192.168.1.10")).allowed());
    }
}
