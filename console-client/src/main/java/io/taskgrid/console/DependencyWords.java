package io.taskgrid.console;

import io.taskgrid.api.task.Dependency;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.client.InputRefusedException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * {@code submit --after 41 --after-any 42,43 --after-failed 44.7}: read before connecting (a bad id is refused with
 * nothing sent), then resolved against the controller ({@code 44.7} to that member's id; a plain id, a task's or an
 * array's, goes as it is: the controller knows which, and refuses an unknown one in words).
 */
final class DependencyWords {
    /** One id as typed, with how the task named must end. */
    record Word(Dependency.Kind kind, TaskRef ref) {
    }

    private DependencyWords() {
    }

    static List<Word> read(List<String> after, List<String> afterAny, List<String> afterFailed) {
        List<Word> words = new ArrayList<>();
        add(words, Dependency.Kind.SUCCEEDED, after);
        add(words, Dependency.Kind.ENDED, afterAny);
        add(words, Dependency.Kind.FAILED, afterFailed);
        if (words.size() > TaskSpec.MAX_DEPENDENCIES) {
            throw new InputRefusedException("A task waits for at most " + TaskSpec.MAX_DEPENDENCIES + " tasks, not "
                    + words.size() + "; wait for an array's id instead of its members one by one.");
        }
        return words;
    }

    private static void add(List<Word> words, Dependency.Kind kind, List<String> typed) {
        for (String word : typed) {
            if (word.isBlank()) {
                continue; // "--after 41,": the comma's empty neighbour
            }
            try {
                words.add(new Word(kind, TaskRef.parse(word)));
            } catch (InputRefusedException e) {
                throw new InputRefusedException("--" + kind.option() + ": " + e.getMessage());
            }
        }
    }

    /** The dependencies to send, each once, in the order typed. */
    static List<Dependency> resolve(List<Word> words, Targets targets) {
        LinkedHashSet<Dependency> resolved = new LinkedHashSet<>();
        for (Word w : words) {
            resolved.add(new Dependency(w.kind(), targets.taskId(w.ref())));
        }
        return List.copyOf(resolved);
    }
}
