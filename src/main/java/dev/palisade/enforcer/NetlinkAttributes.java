package dev.palisade.enforcer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The attributes of one rtnetlink message (or of one nested attribute), by type; the last one of a type wins. */
final class NetlinkAttributes {
    private final Map<Integer, byte[]> values = new HashMap<>();

    /** Parses the attributes in {@code data[from, to)}. */
    NetlinkAttributes(byte[] data, int from, int to) {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.nativeOrder());
        int position = from;
        while (position + 4 <= to) {
            int length = Short.toUnsignedInt(buffer.getShort(position));
            int type = Short.toUnsignedInt(buffer.getShort(position + 2)) & 0x3fff; // drop NLA_F_NESTED / byte-order flags
            if (length < 4 || position + length > to) {
                break;
            }
            byte[] value = new byte[length - 4];
            System.arraycopy(data, position + 4, value, 0, value.length);
            values.put(type, value);
            position += (length + 3) & ~3;
        }
    }

    boolean has(int type) {
        return values.containsKey(type);
    }

    byte[] bytes(int type) {
        return values.get(type);
    }

    int u32(int type, int missing) {
        byte[] value = values.get(type);
        return value == null || value.length < 4 ? missing : ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getInt();
    }

    int u8(int type, int missing) {
        byte[] value = values.get(type);
        return value == null || value.length < 1 ? missing : Byte.toUnsignedInt(value[0]);
    }

    int be16(int type, int missing) {
        byte[] value = values.get(type);
        return value == null || value.length < 2 ? missing : (Byte.toUnsignedInt(value[0]) << 8) | Byte.toUnsignedInt(value[1]);
    }

    String string(int type) {
        byte[] value = values.get(type);
        if (value == null) {
            return null;
        }
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.US_ASCII);
    }

    NetlinkAttributes nested(int type) {
        byte[] value = values.get(type);
        return value == null ? new NetlinkAttributes(new byte[0], 0, 0) : new NetlinkAttributes(value, 0, value.length);
    }
}
