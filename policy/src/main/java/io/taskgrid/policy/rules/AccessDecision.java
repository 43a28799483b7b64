package io.taskgrid.policy.rules;

/**
 * The answer of a rule file for one address.
 *
 * @param allowed whether the address may go on
 * @param reason  which rule decided, as a sentence fragment ("rule 'deny 192.0.2.66/32' on line 3 of
 *                /etc/taskgrid/clients.rules", or "no rule of … matches it (default deny)")
 */
public record AccessDecision(boolean allowed, String reason) {
}
