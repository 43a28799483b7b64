package io.taskgrid.api.client;

import java.io.Serializable;

/**
 * What a client learns about the controller when its session opens.
 *
 * @param clientId     this session's id
 * @param sharedRoot   absolute path of the shared folder on the controller's host; a client that sees the
 *                     same path may submit programs and data in place
 * @param maxProcesses global limit of running tasks
 * @param protocol     {@link io.taskgrid.api.Version#PROTOCOL} of the controller
 */
public record ControllerInfo(String clientId, String sharedRoot, int maxProcesses, String protocol)
        implements Serializable {
}
