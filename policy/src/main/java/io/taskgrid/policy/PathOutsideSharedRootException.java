package io.taskgrid.policy;

import io.taskgrid.api.InvalidRequestException;

/** A path from outside would leave the shared root (absolute, {@code ..}, or through a symbolic link). */
public class PathOutsideSharedRootException extends InvalidRequestException {
    private static final long serialVersionUID = 1L;

    public PathOutsideSharedRootException(String message) {
        super(message);
    }
}
