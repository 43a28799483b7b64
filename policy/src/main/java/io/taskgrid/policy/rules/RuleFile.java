package io.taskgrid.policy.rules;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A rule file that follows its changes: checked for a new modification time at most once per
 * {@code recheck}, re-read when it changed. A change that breaks the file is refused: the rules read
 * before stay in force and the problem is logged, so a typo never opens or closes the door by accident.
 */
public final class RuleFile {
    private static final Logger LOG = LoggerFactory.getLogger(RuleFile.class);

    private final Path file;
    private final Clock clock;
    private final Duration recheck;
    private State state;

    private record State(AccessRules rules, FileTime modified, long size, Instant checkedAt) {
    }

    /**
     * Reads the file once; a problem here is fatal (start-up refuses a malformed file).
     */
    public RuleFile(Path file, Clock clock, Duration recheck) throws RuleFileException {
        this.file = file;
        this.clock = clock;
        this.recheck = recheck;
        FileTime modified = modified();
        this.state = new State(AccessRules.read(file), modified, size(), clock.instant());
    }

    public Path file() {
        return file;
    }

    public synchronized AccessDecision check(InetAddress address) {
        refreshIfChanged();
        return state.rules().check(address);
    }

    private void refreshIfChanged() {
        Instant now = clock.instant();
        if (Duration.between(state.checkedAt(), now).compareTo(recheck) < 0) {
            return;
        }
        FileTime modified = modified();
        long size = size();
        if (modified.equals(state.modified()) && size == state.size()) {
            state = new State(state.rules(), modified, size, now);
            return;
        }
        try {
            AccessRules fresh = AccessRules.read(file);
            LOG.info("Rule file {} changed; {} rules in force now.", file, fresh.size());
            state = new State(fresh, modified, size, now);
        } catch (RuleFileException e) {
            LOG.error("{} The rules read before stay in force until the file is fixed.", e.getMessage());
            state = new State(state.rules(), modified, size, now);
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private long size() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
