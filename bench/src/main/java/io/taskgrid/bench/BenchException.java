package io.taskgrid.bench;

/** A benchmark could not run; the message says why and what to do. */
final class BenchException extends RuntimeException {
    BenchException(String message) {
        super(message);
    }

    BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
