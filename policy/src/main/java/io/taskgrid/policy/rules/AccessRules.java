package io.taskgrid.policy.rules;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Address rules read from a file: one rule a line ({@code allow CIDR}, {@code deny CIDR}, {@code allow all},
 * {@code deny all}), {@code #} starts a comment, the first rule that matches decides, and an address no rule
 * matches is denied.
 */
public final class AccessRules {
    private final String source;
    private final List<Rule> rules;

    private AccessRules(String source, List<Rule> rules) {
        this.source = source;
        this.rules = List.copyOf(rules);
    }

    public static AccessRules read(Path file) throws RuleFileException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException("Cannot read the rule file " + file + " (" + e.getMessage()
                    + "); create it (one rule a line, e.g. 'allow 127.0.0.0/8') or give another path.");
        }
        return parse(file, lines);
    }

    static AccessRules parse(Path file, List<String> lines) throws RuleFileException {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String raw = lines.get(i);
            int hash = raw.indexOf('#');
            String text = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
            if (text.isEmpty()) {
                continue;
            }
            String[] words = text.split("\\s+");
            if (words.length != 2) {
                throw RuleFileException.atLine(file, i + 1, raw, "a rule has two words, an action and a range");
            }
            String action = words[0].toLowerCase(Locale.ROOT);
            if (!action.equals("allow") && !action.equals("deny")) {
                throw RuleFileException.atLine(file, i + 1, raw, "'" + words[0] + "' is not an action; use allow or deny");
            }
            try {
                rules.add(new Rule(action.equals("allow"), AddressRange.parse(words[1].toLowerCase(Locale.ROOT)), i + 1));
            } catch (IllegalArgumentException e) {
                throw RuleFileException.atLine(file, i + 1, raw, e.getMessage());
            }
        }
        return new AccessRules(file.toString(), rules);
    }

    public AccessDecision check(InetAddress address) {
        for (Rule rule : rules) {
            if (rule.matches(address)) {
                return new AccessDecision(rule.allow(), "rule '" + rule + "' on line " + rule.line() + " of " + source);
            }
        }
        return new AccessDecision(false, "no rule of " + source + " matches it (default deny)");
    }

    public String source() {
        return source;
    }

    public int size() {
        return rules.size();
    }
}
