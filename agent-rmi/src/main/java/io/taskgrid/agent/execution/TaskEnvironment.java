package io.taskgrid.agent.execution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The environment of a task's program, built from scratch: a task never inherits the agent's environment, which may
 * hold its key store password, a mail password or anything else of the account that runs it (issue 18, finding 2).
 *
 * <p>A program gets exactly: {@code PATH} (the agent's, else {@value #DEFAULT_PATH}), {@code HOME}, {@code USER} and
 * {@code LOGNAME} (of the account it runs as), {@code LANG} (the agent's, else {@value #DEFAULT_LANG}), {@code LC_ALL}
 * and {@code TZ} when the agent has them, then what the submitter passed with {@code --env} (which may replace any of
 * those), then the task's own {@code TASKGRID_TASK_ID}, {@code TASKGRID_ATTEMPT}, {@code TASKGRID_SHARED} and {@code TASKGRID_DATA} (and the orphan guard's {@code TASKGRID_GUARD}), which
 * nothing replaces. {@code TMPDIR} is not set: temporary files written into the work folder would become results.
 */
final class TaskEnvironment {
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    static final String DEFAULT_LANG = "C.UTF-8";
    /** The prefix of the variables the agent sets for a task; a submitter's variable never takes one of these names. */
    static final String OWN_PREFIX = "TASKGRID_";
    private static final List<String> PASSED_IF_SET = List.of("LC_ALL", "TZ");

    private final Map<String, String> base;

    /**
     * @param agentEnvironment the agent's own environment ({@code System.getenv()}); only the names above are read
     * @param runAs            the account programs run as, if not the agent's
     * @param agentUser        the agent's account name, for USER and LOGNAME when the environment has neither
     */
    TaskEnvironment(Map<String, String> agentEnvironment, Optional<RunAs> runAs, String agentUser) {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("PATH", nonBlank(agentEnvironment.get("PATH")).orElse(DEFAULT_PATH));
        Optional<String> home = runAs.isPresent() ? Optional.of(runAs.get().home().toString())
                : nonBlank(agentEnvironment.get("HOME"));
        home.ifPresent(h -> b.put("HOME", h));
        String user = runAs.map(RunAs::user).orElseGet(() -> nonBlank(agentEnvironment.get("USER"))
                .or(() -> nonBlank(agentEnvironment.get("LOGNAME"))).orElse(agentUser));
        b.put("USER", user);
        b.put("LOGNAME", user);
        b.put("LANG", nonBlank(agentEnvironment.get("LANG")).orElse(DEFAULT_LANG));
        for (String name : PASSED_IF_SET) {
            nonBlank(agentEnvironment.get(name)).ifPresent(v -> b.put(name, v));
        }
        this.base = Collections.unmodifiableMap(b);
    }

    /** What every program of this agent gets, before its task's own variables. */
    Map<String, String> base() {
        return base;
    }

    /**
     * The variables a task adds to {@link #base}: the submitter's (any {@code TASKGRID_} name among them is ignored:
     * the controller refuses those, an agent does not trust that it did), then the task's own.
     */
    static Map<String, String> forTask(Map<String, String> submitted, Map<String, String> own) {
        Map<String, String> extra = new LinkedHashMap<>();
        submitted.forEach((name, value) -> {
            if (!name.startsWith(OWN_PREFIX) && isName(name) && value.indexOf('\0') < 0) {
                extra.put(name, value);
            }
        });
        extra.putAll(own);
        return extra;
    }

    /** A variable name a shell can use: a letter or '_', then letters, digits or '_'. */
    static boolean isName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> nonBlank(String value) {
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
