package io.taskgrid.controller.history;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How values that SQLite has no type for are kept in a column: instants, argument lists, environment variables. */
final class ColumnValues {
    private ColumnValues() {
    }

    /** Instants are kept to the nanosecond (epoch nanoseconds fit a long until 2262). */
    static Long nanos(Instant t) {
        return t == null ? null : t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    static Instant instant(Long nanos) {
        return nanos == null ? null : Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The arguments as a count, then each one's UTF-8 length and bytes. */
    static byte[] encode(List<String> args) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(args.size());
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> decode(byte[] blob) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[in.readInt()];
                in.readFully(b);
                out.add(new String(b, StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "NAME=value" entries, each ended by a NUL (which neither may hold). */
    static byte[] encodeVariables(Map<String, String> variables) {
        StringBuilder b = new StringBuilder();
        variables.forEach((name, value) -> b.append(name).append('=').append(value).append('\0'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decodeVariables(byte[] bytes) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                variables.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return Collections.unmodifiableMap(variables);
    }

    /** Binds a long that may be missing (NULL). */
    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.INTEGER);
        } else {
            ps.setLong(i, v);
        }
    }

    /** A long column that may be NULL. */
    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
