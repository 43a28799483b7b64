package io.taskgrid.api.task;

import java.util.regex.Pattern;

/**
 * Where a task's results go on the shared folder, {@code results/<project>/<task-id>}: the agent writes there and
 * the controller reads a running task's output from there, so both take the name from here.
 */
public final class ResultFolders {
    /** What a folder name made of a project or slot name may not hold (compiled once: it is used for every task). */
    public static final Pattern NOT_IN_A_FOLDER_NAME = Pattern.compile("[^A-Za-z0-9._-]");

    private ResultFolders() {
    }

    /** The result folder, relative to the shared root, with '/' separators. */
    public static String of(String project, long taskId) {
        return projectFolder(project) + "/" + taskId;
    }

    public static String projectFolder(String project) {
        return "results/" + safeName(project);
    }

    /** A project name usable as one folder name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    public static String safeName(String project) {
        String safe = NOT_IN_A_FOLDER_NAME.matcher(project).replaceAll("_");
        if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
            return "_" + safe;
        }
        return safe;
    }
}
