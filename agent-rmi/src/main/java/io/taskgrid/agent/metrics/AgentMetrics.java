package io.taskgrid.agent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.taskgrid.api.ProductVersion;
import io.taskgrid.api.Version;

import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * An agent's metrics in the Prometheus text format ({@code taskgrid agent --metrics-port}): its CPUs, what it runs
 * and holds, the bytes it staged, whether it holds a session, and the JVM's figures. Every value is read when
 * Prometheus scrapes, from what the agent keeps anyway: no thread and nothing on the way of a task.
 */
public final class AgentMetrics implements AutoCloseable {
    /** What the figures are read from. */
    public record Sources(String agentId, int cpus, IntSupplier running, IntSupplier held, LongSupplier bytesProcessed,
                          BooleanSupplier registered) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public AgentMetrics(Sources s) {
        Gauge.builder("taskgrid.agent.version", () -> 1).description("This agent's version and protocol (always 1)")
                .tag("version", ProductVersion.current()).tag("protocol", Version.PROTOCOL).tag("agent", s.agentId())
                .register(registry);
        Gauge.builder("taskgrid.agent.cpus", s::cpus).description("CPUs this agent offers").register(registry);
        Gauge.builder("taskgrid.agent.running.tasks", s.running(), IntSupplier::getAsInt)
                .description("Tasks whose program runs here now").register(registry);
        Gauge.builder("taskgrid.agent.held.tasks", s.held(), IntSupplier::getAsInt)
                .description("Attempts this agent holds: running, and taken ahead of a free slot").register(registry);
        Gauge.builder("taskgrid.agent.registered", s.registered(), r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while the agent holds a session with its controller, else 0").register(registry);
        FunctionCounter.builder("taskgrid.agent.processed", s.bytesProcessed(), LongSupplier::getAsLong).baseUnit("bytes")
                .description("Bytes of data staged for tasks since the start").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    /** The metrics now, in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
