package io.taskgrid.client;

/** Directions with recognisable phrases, so that a test sees where each one lands. */
public final class TestDirections {
    public static final Directions DIRECTIONS = new Directions("pick another", "Pick the port", "the list has them",
            "Log in again");

    private TestDirections() {
    }
}
