package io.taskgrid.controller;

import io.taskgrid.api.AccessDeniedException;
import io.taskgrid.api.LoginRequiredException;
import io.taskgrid.api.agent.AgentRegistration;
import io.taskgrid.api.client.ClientHello;
import io.taskgrid.api.client.GridProblem;
import io.taskgrid.controller.status.RecentProblems;

import java.rmi.AccessException;

/**
 * Notes every refused log-in and agent registration among the {@link RecentProblems} that {@code taskgrid status}
 * shows, with the sentence the caller got; the checks themselves are {@code next}'s. A client asked for its password
 * (the first step of every log-in) is no problem and is not noted.
 */
final class RefusalRecorder implements Authenticator {
    private final Authenticator next;
    private final RecentProblems problems;

    RefusalRecorder(Authenticator next, RecentProblems problems) {
        this.next = next;
        this.problems = problems;
    }

    @Override
    public Login checkClient(ClientHello hello, String host) throws AccessDeniedException {
        try {
            return next.checkClient(hello, host);
        } catch (LoginRequiredException e) {
            throw e;
        } catch (AccessDeniedException e) {
            problems.note(GridProblem.Kind.REFUSED_LOGIN, "Client user '" + hello.user() + "' from " + host + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void checkClientCall(String host, String operation) throws AccessException {
        next.checkClientCall(host, operation);
    }

    @Override
    public void checkAgent(AgentRegistration registration, String host) throws AccessDeniedException {
        try {
            next.checkAgent(registration, host);
        } catch (AccessDeniedException e) {
            problems.note(GridProblem.Kind.REFUSED_LOGIN, "Agent " + registration.agentId() + " from " + host + ": " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void checkAgentCall(String host, String operation) throws AccessException {
        next.checkAgentCall(host, operation);
    }

    @Override
    public void checkAgentIdentity(String agentId, String host, String operation) throws AccessException {
        next.checkAgentIdentity(agentId, host, operation);
    }
}
