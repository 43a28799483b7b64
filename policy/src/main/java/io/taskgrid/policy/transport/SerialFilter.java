package io.taskgrid.policy.transport;

import java.io.ObjectInputFilter;

/**
 * The one allow-list of what TaskGrid deserializes from the network: its api records and exceptions, the JDK
 * types they carry (collections, time, numbers, RMI exceptions) and what a remote stub is made of; everything
 * else is rejected before it is read. Limits bound nesting, the bytes and objects of one call, and arrays.
 *
 * <p>Arrays get limits of their own because a stream declares an array's length before its elements, and the
 * reader allocates the whole array on that word: a few dozen bytes declaring {@code long[16M]} cost 128 MB before
 * anything else was read. Arrays the api really carries are the lists inside collections (at most 10,000 records:
 * a history page; tables of hash maps are powers of two) at the top of a call, and stack traces (1,024 frames by
 * default) deeper down; inline programs and every other field of a task cross in {@code CompactForm}, which reads
 * them in chunks as their bytes arrive, so no primitive array is needed at all. An array declared but not yet
 * filled therefore costs at most {@link #MAX_TOP_ARRAY} references at each of the top {@link #TOP_DEPTH} levels,
 * {@link #MAX_DEEP_ARRAY} at each level below, and one primitive array of {@link #MAX_PRIMITIVE_ARRAY_BYTES}:
 * about 1.2 MB at 8 bytes per reference (0.6 MB with compressed references, the default below 32 GB of heap).
 * Everything else a call allocates follows bytes that really came in (at most {@link #MAX_BYTES}).
 */
public final class SerialFilter {
    /** Deepest nesting of one call's objects. */
    public static final int MAX_DEPTH = 40;
    /** How deep the api's lists sit: a call's argument or reply (1) or a field of one (2). */
    public static final int TOP_DEPTH = 2;
    /** Longest array of references at the top {@link #TOP_DEPTH} levels: a list of 10,000 records or its hash table. */
    public static final int MAX_TOP_ARRAY = 32 * 1024;
    /** Longest array of references deeper down: a stack trace of 1,024 frames, with room. */
    public static final int MAX_DEEP_ARRAY = 2 * 1024;
    /** Largest array of a primitive type, in bytes: the api sends none (programs cross in CompactForm). */
    public static final int MAX_PRIMITIVE_ARRAY_BYTES = 64 * 1024;
    /** Most bytes one call may carry (many inline programs in one batch). */
    public static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Most objects (references) in one call. */
    public static final long MAX_REFS = 4_000_000;

    /** The patterns, in {@link ObjectInputFilter.Config#createFilter} syntax, ending in {@code !*}. */
    public static final String PATTERN = String.join(";",
            "maxdepth=" + MAX_DEPTH, "maxarray=" + Math.max(MAX_TOP_ARRAY, MAX_PRIMITIVE_ARRAY_BYTES), "maxbytes=" + MAX_BYTES, "maxrefs=" + MAX_REFS,
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

    private static final ObjectInputFilter ALLOW_LIST = ObjectInputFilter.Config.createFilter(PATTERN);
    private static final ObjectInputFilter FILTER = SerialFilter::check;

    private SerialFilter() {
    }

    /** The filter, for {@code UnicastRemoteObject.exportObject(..., filter)}. Stateless, shared. */
    public static ObjectInputFilter filter() {
        return FILTER;
    }

    private static ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
        ObjectInputFilter.Status status = ALLOW_LIST.checkInput(info);
        Class<?> type = info.serialClass();
        if (status != ObjectInputFilter.Status.REJECTED && type != null && type.isArray() && info.arrayLength() >= 0
                && !arrayFits(type.getComponentType(), info.arrayLength(), info.depth())) {
            return ObjectInputFilter.Status.REJECTED;
        }
        return status;
    }

    /** Whether an array of {@code length} elements of {@code component}, {@code depth} deep, is within the limits. */
    static boolean arrayFits(Class<?> component, long length, long depth) {
        if (component.isPrimitive()) {
            return length * bytesOf(component) <= MAX_PRIMITIVE_ARRAY_BYTES;
        }
        return length <= (depth <= TOP_DEPTH ? MAX_TOP_ARRAY : MAX_DEEP_ARRAY);
    }

    private static int bytesOf(Class<?> primitive) {
        if (primitive == long.class || primitive == double.class) {
            return 8;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        return primitive == char.class || primitive == short.class ? 2 : 1;
    }

    /**
     * Sets the filter for the whole process (everything not exported with its own filter: replies a client
     * reads, callbacks) and tightens the RMI registry's and DGC's own allow-lists with the same limits. Must run
     * before the first RMI call; does nothing where a process-wide filter is already set (e.g. by
     * {@code -Djdk.serialFilter}).
     */
    public static void installProcessWide() {
        setIfAbsent("sun.rmi.registry.registryFilter", "maxdepth=20;maxarray=10000;maxbytes=1048576");
        setIfAbsent("sun.rmi.transport.dgcFilter", "maxdepth=10;maxarray=10000;maxbytes=1048576");
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
