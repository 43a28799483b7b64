package io.taskgrid.policy.transport;

import java.io.ObjectInputFilter;

/**
 * The one allow-list of what TaskGrid deserializes from the network: its api records and exceptions, the JDK
 * types they carry (collections, time, numbers, RMI exceptions) and what a remote stub is made of; everything
 * else is rejected before it is read. Limits bound nesting, arrays (an inline program is at most 10 MB) and the
 * bytes of one call.
 */
public final class SerialFilter {
    /** Deepest nesting of one call's objects. */
    public static final int MAX_DEPTH = 40;
    /** Longest array: an inline program of 10 MB fits, with room for the controller to refuse it in words. */
    public static final int MAX_ARRAY = 16 * 1024 * 1024;
    /** Most bytes one call may carry (many inline programs in one batch). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Most objects (references) in one call. */
    public static final long MAX_REFS = 4_000_000;

    /** The patterns, in {@link ObjectInputFilter.Config#createFilter} syntax, ending in {@code !*}. */
    public static final String PATTERN = String.join(";",
            "maxdepth=" + MAX_DEPTH, "maxarray=" + MAX_ARRAY, "maxbytes=" + MAX_BYTES, "maxrefs=" + MAX_REFS,
            // TaskGrid's own records, enums and exceptions
            "io.taskgrid.api.**",
            // values the records carry
            "java.lang.Object", "java.lang.Enum", "java.lang.Number", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
            "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double", "java.lang.Character",
            "java.lang.String", "java.time.Ser", "java.time.Instant", "java.time.Duration",
            "java.util.ImmutableCollections$*", "java.util.CollSer", "java.util.ArrayList", "java.util.Arrays$ArrayList",
            "java.util.LinkedList", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap",
            "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.EnumMap",
            "java.util.Collections$Empty*", "java.util.Collections$Unmodifiable*", "java.util.Collections$Singleton*",
            "java.util.Collections$Synchronized*",
            // exceptions as they cross RMI (with their stack traces)
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
            "java.lang.StackTraceElement", "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.NullPointerException", "java.lang.UnsupportedOperationException",
            "java.lang.IndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException",
            "java.lang.ClassCastException", "java.lang.InterruptedException", "java.lang.OutOfMemoryError",
            "java.lang.StackOverflowError", "java.lang.VirtualMachineError", "java.lang.ArithmeticException",
            "java.io.IOException", "java.io.InvalidClassException", "java.io.ObjectStreamException",
            "java.io.UncheckedIOException", "java.io.EOFException", "java.net.SocketException",
            "java.net.ConnectException", "java.net.SocketTimeoutException", "java.io.InterruptedIOException",
            "java.net.UnknownHostException", "javax.net.ssl.SSLException", "javax.net.ssl.SSLHandshakeException",
            "java.rmi.*", "java.rmi.server.*", "java.rmi.dgc.*",
            // what a remote stub is made of
            "java.lang.reflect.Proxy", "jdk.proxy*", "com.sun.proxy.*", "sun.rmi.server.*", "sun.rmi.transport.*",
            "javax.rmi.ssl.SslRMIClientSocketFactory",
            "!*");

    private static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(PATTERN);

    private SerialFilter() {
    }

    /** The filter, for {@code UnicastRemoteObject.exportObject(..., filter)}. Stateless, shared. */
    public static ObjectInputFilter filter() {
        return FILTER;
    }

    /**
     * Sets the filter for the whole process (everything not exported with its own filter: replies a client
     * reads, callbacks) and tightens the RMI registry's and DGC's own allow-lists with the same limits. Must run
     * before the first RMI call; does nothing where a process-wide filter is already set (e.g. by
     * {@code -Djdk.serialFilter}).
     */
    public static void installProcessWide() {
        setIfAbsent("sun.rmi.registry.registryFilter", "maxdepth=20;maxarray=10000;maxbytes=1048576");
        setIfAbsent("sun.rmi.transport.dgcFilter", "maxdepth=10;maxarray=100000;maxbytes=10485760");
        if (ObjectInputFilter.Config.getSerialFilter() == null) {
            ObjectInputFilter.Config.setSerialFilter(FILTER);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
