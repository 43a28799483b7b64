package io.taskgrid.fx;

import io.taskgrid.api.task.ProgramSource;
import io.taskgrid.api.task.TaskRecord;
import io.taskgrid.api.task.TaskSpec;
import io.taskgrid.api.task.TaskState;
import io.taskgrid.client.session.ControllerGateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs tasks again as they were asked: the same program, data, arguments, project, priority, time limit, e-mail,
 * required agent labels and the CPUs and memory asked for, with {@code force} (as {@code submit --force}: the earlier result does not stand in for the new run). The record
 * names a shared program by its path; an inline program's text is known here when this window sent it
 * ({@link SubmittedPrograms}), else the controller hands it to its owner and administrators. The program's variables
 * are never in the history and are not sent again.
 */
final class RunAgain {
    /** How {@link ProgramSource#describe()} marks an inline program in a task's record. */
    private static final String INLINE = " (inline)";

    private final Supplier<ControllerGateway> gateway;
    private final Background background;
    private final SubmittedPrograms programs;
    private final Consumer<TaskRecord> submitted;

    /**
     * @param submitted told of each task submitted (on the FX thread): the history shows it, its end is notified
     */
    RunAgain(Supplier<ControllerGateway> gateway, Background background, SubmittedPrograms programs,
             Consumer<TaskRecord> submitted) {
        this.gateway = gateway;
        this.background = background;
        this.programs = programs;
        this.submitted = submitted;
    }

    SubmittedPrograms programs() {
        return programs;
    }

    static boolean inline(TaskRecord t) {
        return t.program().endsWith(INLINE);
    }

    /** The program to send again, when it is known here without asking the controller. */
    Optional<ProgramSource> program(TaskRecord t) {
        return inline(t) ? programs.of(t.id()) : Optional.of(ProgramSource.shared(t.program()));
    }

    /**
     * The program to send again: known here, or as the controller keeps it. May call the controller: off the FX thread.
     *
     * @throws io.taskgrid.client.ClientException when the controller refuses (not the caller's task) or is away
     */
    ProgramSource fetch(TaskRecord t) {
        return program(t).orElseGet(() -> gateway.get().program(t.id()));
    }

    /** Why {@code t} cannot be run again, in a sentence, or null when it may be (the controller has the last word). */
    String problem(TaskRecord t) {
        return t == null ? "No task." : null;
    }

    /**
     * The task as it was asked, with force: the same program, data, arguments, project, priority, limit, e-mail,
     * required labels, CPUs and memory, and how it is retried on failure.
     */
    static TaskSpec spec(TaskRecord t, ProgramSource program) {
        return TaskSpec.builder(program).project(t.project()).arguments(t.arguments()).dataPath(t.dataPath())
                .email(t.email()).timeout(t.timeout()).priority(t.priority()).requires(t.requirements().words())
                .resources(t.resources()).retry(t.retry()).force(true).build();
    }

    /**
     * Submits each task again, in one background job; {@code done} gets the new tasks (those that went through),
     * {@code failed} the first problem in a sentence.
     */
    void run(List<TaskRecord> tasks, Consumer<List<TaskRecord>> done, Consumer<String> failed) {
        background.run(() -> {
            List<TaskSpec> specs = new ArrayList<>();
            for (TaskRecord t : tasks) {
                specs.add(spec(t, fetch(t)));
            }
            return new Sent(specs, gateway.get().submitAll(specs));
        }, sent -> {
            for (int i = 0; i < sent.news().size(); i++) {
                programs.sent(sent.news().get(i).id(), sent.specs().get(i).program());
                submitted.accept(sent.news().get(i));
            }
            done.accept(sent.news());
        }, failed);
    }

    private record Sent(List<TaskSpec> specs, List<TaskRecord> news) {
    }

    /** "Task 42 runs task 7 again." or "3 tasks run again: 42, 43, 44." */
    static String sentence(List<TaskRecord> before, List<TaskRecord> news) {
        if (news.size() == 1 && before.size() == 1) {
            return "Task " + news.get(0).id() + " runs task " + before.get(0).id() + " again"
                    + (news.get(0).state() == TaskState.REJECTED ? ", but the controller refused it: "
                    + news.get(0).message() : ".");
        }
        return news.size() + " tasks run again: " + String.join(", ", news.stream().map(t -> Long.toString(t.id())).toList()) + ".";
    }
}
