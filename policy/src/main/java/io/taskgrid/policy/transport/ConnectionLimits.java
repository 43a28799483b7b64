package io.taskgrid.policy.transport;

import java.time.Duration;

/**
 * What one listening port lets callers hold before they have proved anything.
 *
 * @param firstCallDeadline time a new connection has, in total, to finish its TLS handshake (TLS), send RMI's header
 *                          and its first call, and get that call answered; counted only while the server waits for
 *                          the caller's bytes, so one byte a second does not extend it and a long first call (a
 *                          30 s event poll) is not cut
 * @param perAddress        most connections open at once from one remote address
 * @param total             most connections open at once in all
 * @param idleReadTimeout   longest wait for the next call on an established connection (RMI's own default is 2 h;
 *                          clients drop pooled connections after 15 s idle)
 */
public record ConnectionLimits(Duration firstCallDeadline, int perAddress, int total, Duration idleReadTimeout) {
    /** 10 s to prove oneself, 64 connections per address, 512 in all, 2 minutes of idleness. */
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(Duration.ofSeconds(10), 64, 512, Duration.ofMinutes(2));

    public ConnectionLimits {
        if (firstCallDeadline.isNegative() || firstCallDeadline.isZero()) {
            throw new IllegalArgumentException("The first-call deadline must be positive, not " + firstCallDeadline + ".");
        }
        if (perAddress < 1 || total < perAddress) {
            throw new IllegalArgumentException("Connection caps must be at least 1 per address and no less in all than per"
                    + " address; got " + perAddress + " per address and " + total + " in all.");
        }
        if (idleReadTimeout.isNegative() || idleReadTimeout.isZero()) {
            throw new IllegalArgumentException("The idle read timeout must be positive, not " + idleReadTimeout + ".");
        }
    }
}
