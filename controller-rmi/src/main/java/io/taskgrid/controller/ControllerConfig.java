package io.taskgrid.controller;

import io.taskgrid.controller.mail.MailSettings;
import io.taskgrid.controller.retention.Retention;
import io.taskgrid.controller.scheduling.FairShare;
import io.taskgrid.controller.scheduling.Leases;
import io.taskgrid.policy.users.LoginThrottle.Limits;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a controller runs.
 *
 * @param port             registry and exported objects; 0 picks a free port
 * @param dataDir          holds {@code taskgrid.db} (created if missing)
 * @param sharedRoot       the shared folder; must exist
 * @param maxProcesses     global limit of running tasks, at least 1
 * @param defaultTimeout   applied to tasks that set none; {@code null} for no limit
 * @param heartbeatTimeout an agent silent this long is declared lost ({@code null}: 10 s)
 * @param mail             how reports by mail are sent ({@code null}: written to {@code dataDir/outbox})
 * @param taskPrivacy      who sees a task's output and result path and may cancel it ({@code null}: its owner and
 *                         administrators)
 * @param loginLimits      delays and lock-out after wrong passwords ({@code null}: {@link Limits#defaults()})
 * @param lease            how long a lost agent's running attempts stay its own after it was last heard from, before
 *                         they run again elsewhere ({@code null}: three heartbeat timeouts, so 30 s by default; see
 *                         {@link Leases})
 * @param fairShare        how users share the pool ({@code null}: {@link FairShare#DEFAULT}, a half-life of a day)
 * @param retention        which ended tasks the history keeps ({@code null}: {@link Retention#DEFAULT}, 90 days and
 *                         the newest 1,000,000 tasks, result folders kept)
 */
public record ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                               Duration heartbeatTimeout, MailSettings mail, TaskPrivacy taskPrivacy, Limits loginLimits, Duration lease,
                               FairShare fairShare, Retention retention) {
    public static final int DEFAULT_MAX_PROCESSES = 8;
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

    public ControllerConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(sharedRoot, "sharedRoot");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("The port " + port + " is not a TCP port; choose one between 1 and 65535, or 0 for any free port.");
        }
        if (maxProcesses < 1) {
            throw new IllegalArgumentException("The process limit must be at least 1, not " + maxProcesses + "; set --max-processes to 1 or more.");
        }
        if (defaultTimeout != null && (defaultTimeout.isZero() || defaultTimeout.isNegative())) {
            throw new IllegalArgumentException("The default timeout must be longer than zero; leave it out for no limit.");
        }
        heartbeatTimeout = heartbeatTimeout == null ? DEFAULT_HEARTBEAT_TIMEOUT : heartbeatTimeout;
        if (heartbeatTimeout.isZero() || heartbeatTimeout.isNegative()) {
            throw new IllegalArgumentException("The heartbeat timeout must be longer than zero.");
        }
        mail = mail == null ? MailSettings.outbox() : mail;
        taskPrivacy = taskPrivacy == null ? TaskPrivacy.OWNER : taskPrivacy;
        loginLimits = loginLimits == null ? Limits.defaults() : loginLimits;
        lease = lease == null ? Leases.forHeartbeatTimeout(heartbeatTimeout).lease() : new Leases(lease).lease();
        fairShare = fairShare == null ? FairShare.DEFAULT : fairShare;
        retention = retention == null ? Retention.DEFAULT : retention;
    }

    /** The default retention. */
    public ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                            Duration heartbeatTimeout, MailSettings mail, TaskPrivacy taskPrivacy, Limits loginLimits, Duration lease,
                            FairShare fairShare) {
        this(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, fairShare, null);
    }

    /** Fair share with its default half-life. */
    public ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                            Duration heartbeatTimeout, MailSettings mail, TaskPrivacy taskPrivacy, Limits loginLimits, Duration lease) {
        this(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, null);
    }

    /** Tasks private to their owners, the default log-in limits and lease. */
    public ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                            Duration heartbeatTimeout, MailSettings mail, TaskPrivacy taskPrivacy, Limits loginLimits) {
        this(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, null);
    }

    public Leases leases() {
        return new Leases(lease);
    }

    public ControllerConfig withLease(Duration d) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, d, fairShare, retention);
    }

    /** Tasks private to their owners, the default log-in limits. */
    public ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                            Duration heartbeatTimeout, MailSettings mail) {
        this(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, null, null);
    }

    /** Reports by mail go to the outbox folder. */
    public ControllerConfig(int port, Path dataDir, Path sharedRoot, int maxProcesses, Duration defaultTimeout,
                            Duration heartbeatTimeout) {
        this(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, null);
    }

    /** Port 1099, 8 processes, no default timeout, agents lost after 10 s of silence. */
    public static ControllerConfig defaults(Path dataDir, Path sharedRoot) {
        return new ControllerConfig(1099, dataDir, sharedRoot, DEFAULT_MAX_PROCESSES, null, DEFAULT_HEARTBEAT_TIMEOUT);
    }

    public ControllerConfig withPort(int newPort) {
        return new ControllerConfig(newPort, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, fairShare, retention);
    }

    public ControllerConfig withMaxProcesses(int n) {
        return new ControllerConfig(port, dataDir, sharedRoot, n, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, fairShare, retention);
    }

    /** A lease left to its default follows the new timeout; set one with {@link #withLease} after this. */
    public ControllerConfig withHeartbeatTimeout(Duration d) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, d, mail, taskPrivacy, loginLimits, null, fairShare, retention);
    }

    public ControllerConfig withDefaultTimeout(Duration d) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, d, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, fairShare, retention);
    }

    public ControllerConfig withMail(MailSettings settings) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, settings, taskPrivacy, loginLimits, lease, fairShare, retention);
    }

    public ControllerConfig withTaskPrivacy(TaskPrivacy privacy) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, privacy, loginLimits, lease, fairShare, retention);
    }

    public ControllerConfig withLoginLimits(Limits limits) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, limits, lease, fairShare, retention);
    }

    public ControllerConfig withRetention(Retention r) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, fairShare, r);
    }

    public ControllerConfig withFairShare(FairShare f) {
        return new ControllerConfig(port, dataDir, sharedRoot, maxProcesses, defaultTimeout, heartbeatTimeout, mail, taskPrivacy, loginLimits, lease, f, retention);
    }
}
