package io.taskgrid.launcher;

/** What one run of the command line printed, and its exit code. */
record CliResult(int exitCode, String out, String err) {
    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
