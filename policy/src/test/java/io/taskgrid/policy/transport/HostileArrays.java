package io.taskgrid.policy.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectStreamClass;
import java.io.ObjectStreamConstants;

/**
 * Serial streams written by hand, as an attacker writes them: arrays whose declared length is far more than the
 * elements that follow (the stream simply ends, or the connection stays open).
 */
final class HostileArrays {
    private HostileArrays() {
    }

    /** An array of {@code type} declaring {@code length} elements, followed by none. */
    static byte[] declared(Class<?> type, int length) {
        return write(out -> {
            arrayHeader(out, type);
            out.writeInt(length);
        });
    }

    /**
     * Nested {@code Object[]}: the first declares {@code lengths[0]} elements, its first element is the next array,
     * and so on; the stream ends inside the innermost. Every array is allocated, none is filled.
     */
    static byte[] nested(int... lengths) {
        return write(out -> {
            for (int i = 0; i < lengths.length; i++) {
                if (i == 0) {
                    arrayHeader(out, Object[].class);
                } else {
                    out.writeByte(ObjectStreamConstants.TC_ARRAY);
                    out.writeByte(ObjectStreamConstants.TC_REFERENCE);
                    out.writeInt(ObjectStreamConstants.baseWireHandle); // the class of the first array
                }
                out.writeInt(lengths[i]);
            }
        });
    }

    /** The stream's magic, then an array's type code and the description of its class. */
    private static void arrayHeader(DataOutputStream out, Class<?> type) throws IOException {
        out.writeShort(ObjectStreamConstants.STREAM_MAGIC);
        out.writeShort(ObjectStreamConstants.STREAM_VERSION);
        out.writeByte(ObjectStreamConstants.TC_ARRAY);
        out.writeByte(ObjectStreamConstants.TC_CLASSDESC);
        out.writeUTF(type.getName());
        out.writeLong(ObjectStreamClass.lookup(type).getSerialVersionUID());
        out.writeByte(ObjectStreamConstants.SC_SERIALIZABLE);
        out.writeShort(0); // no fields
        out.writeByte(ObjectStreamConstants.TC_ENDBLOCKDATA); // no annotation
        out.writeByte(ObjectStreamConstants.TC_NULL); // no superclass
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Body body) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                body.write(out);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
