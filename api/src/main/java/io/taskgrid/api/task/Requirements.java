package io.taskgrid.api.task;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The agent labels a task requires ({@code submit --require gpu}) and those it avoids ({@code --require '!big-mem'}):
 * it runs only on an agent that has every required label and none of the avoided ones. A value: the lists are sorted
 * and without duplicates, so two tasks that ask for the same thing in another order have equal requirements (the
 * scheduler queues them together).
 *
 * @param required labels the agent must have
 * @param avoided  labels the agent must not have
 */
public record Requirements(List<String> required, List<String> avoided) implements Serializable {
    /** No requirement: any agent that runs the task's language will do. */
    public static final Requirements NONE = new Requirements(List.of(), List.of());
    /** Most labels one task may name (required and avoided together). */
    public static final int MAX_LABELS = 32;

    /** @throws IllegalArgumentException with a sentence naming the fix (a bad label, a contradiction, too many) */
    public Requirements {
        required = sortedChecked(required);
        avoided = sortedChecked(avoided);
        for (String label : required) {
            if (avoided.contains(label)) {
                throw new IllegalArgumentException("The requirements ask for the label " + label + " and for its absence (!"
                        + label + "); keep one of them.");
            }
        }
        if (required.size() + avoided.size() > MAX_LABELS) {
            throw new IllegalArgumentException("The requirements name " + (required.size() + avoided.size())
                    + " labels, more than the " + MAX_LABELS + " allowed; keep the ones that matter.");
        }
    }

    /**
     * Reads what a user typed: each word a label to require, or {@code !label} to avoid; a word may hold several
     * separated by commas ({@code gpu,!big-mem}). Blank words are skipped.
     *
     * @throws IllegalArgumentException with a sentence naming the fix
     */
    public static Requirements parse(Collection<String> words) {
        List<String> required = new ArrayList<>();
        List<String> avoided = new ArrayList<>();
        for (String word : words) {
            if (word == null) {
                continue;
            }
            for (String part : word.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.startsWith("!")) {
                    avoided.add(p.substring(1).strip());
                } else {
                    required.add(p);
                }
            }
        }
        return required.isEmpty() && avoided.isEmpty() ? NONE : new Requirements(required, avoided);
    }

    public boolean isEmpty() {
        return required.isEmpty() && avoided.isEmpty();
    }

    /** Whether an agent with {@code labels} meets them. */
    public boolean matches(Collection<String> labels) {
        for (String r : required) {
            if (!labels.contains(r)) {
                return false;
            }
        }
        for (String a : avoided) {
            if (labels.contains(a)) {
                return false;
            }
        }
        return true;
    }

    /** As typed back: {@code gpu}, {@code !big-mem}; required first. */
    public List<String> words() {
        List<String> words = new ArrayList<>(required);
        avoided.forEach(a -> words.add("!" + a));
        return words;
    }

    /** "gpu, !big-mem", or "" for none. */
    @Override
    public String toString() {
        return String.join(", ", words());
    }

    /**
     * Which agents they let in, to follow "agents": "with the label gpu", "with the labels fast-disk and gpu and
     * without the label big-mem", "without the labels big-mem or slow"; "" for none.
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (!required.isEmpty()) {
            b.append("with ").append(required.size() == 1 ? "the label " : "the labels ").append(join(required, " and "));
        }
        if (!avoided.isEmpty()) {
            b.append(required.isEmpty() ? "" : " and ").append("without ")
                    .append(avoided.size() == 1 ? "the label " : "the labels ").append(join(avoided, " or "));
        }
        return b.toString();
    }

    private static String join(List<String> labels, String last) {
        if (labels.size() == 1) {
            return labels.get(0);
        }
        return String.join(", ", labels.subList(0, labels.size() - 1)) + last + labels.get(labels.size() - 1);
    }

    private static List<String> sortedChecked(List<String> labels) {
        if (labels == null || labels.isEmpty()) {
            return List.of();
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String label : labels) {
            Optional<String> problem = Labels.problem(label);
            if (problem.isPresent()) {
                throw new IllegalArgumentException(problem.get());
            }
            sorted.add(label);
        }
        return List.copyOf(sorted);
    }
}
