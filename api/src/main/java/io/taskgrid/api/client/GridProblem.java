package io.taskgrid.api.client;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that went wrong on the grid and that an administrator may want to know about ({@link GridStatus}).
 *
 * @param at      when the controller noticed it
 * @param kind    what sort of problem
 * @param message the sentence the controller logged
 */
public record GridProblem(Instant at, Kind kind, String message) implements Serializable {
    public enum Kind {
        /** A report by mail was given up. */
        MAIL_NOT_SENT("mail not sent"),
        /** A client or agent was refused at log-in or registration (password, address rules, lock-out). */
        REFUSED_LOGIN("refused log-in"),
        /** An agent went silent past the heartbeat timeout. */
        AGENT_LOST("agent lost");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    public GridProblem {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }
}
