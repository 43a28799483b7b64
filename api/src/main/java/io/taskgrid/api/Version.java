package io.taskgrid.api;

/**
 * The protocol version both ends of an RMI session must share. 10: task arrays and dependencies, 9: retries, 8: tasks ask for CPUs and memory, agents offer them, 7: agents have labels and tasks requirements, 6: agents can be drained (AgentInfo says so), 5: every attempt carries a token, 4: the records sent with every task travel in
 * {@link CompactForm}, which an older end cannot read.
 */
public final class Version {
    public static final String PROTOCOL = "10";

    private Version() {
    }
}
