package dev.palisade.enforcer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one rtnetlink request: the 16-byte nlmsghdr, the family header (ifinfomsg, ifaddrmsg, ndmsg or rtmsg) and
 * type-length-value attributes, nested ones included, each padded to 4 bytes as rtnetlink(7) requires. Host byte
 * order everywhere, except where the kernel wants network order (the VXLAN UDP port).
 */
final class NetlinkMessage {
    static final int NLM_F_REQUEST = 0x1;
    static final int NLM_F_ACK = 0x4;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;

    private final ByteBuffer buffer = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());
    private final Deque<Integer> nests = new ArrayDeque<>();

    NetlinkMessage(int type, int flags) {
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(0).putInt(0);
    }

    NetlinkMessage u8(int value) {
        buffer.put((byte) value);
        return this;
    }

    NetlinkMessage u16(int value) {
        buffer.putShort((short) value);
        return this;
    }

    NetlinkMessage u32(int value) {
        buffer.putInt(value);
        return this;
    }

    NetlinkMessage attribute(int type, byte[] value) {
        buffer.putShort((short) (4 + value.length)).putShort((short) type).put(value);
        pad();
        return this;
    }

    NetlinkMessage attributeU8(int type, int value) {
        return attribute(type, new byte[] {(byte) value});
    }

    NetlinkMessage attributeU32(int type, int value) {
        return attribute(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
    }

    /** A 16-bit value in network byte order (IFLA_VXLAN_PORT is __be16). */
    NetlinkMessage attributeBe16(int type, int value) {
        return attribute(type, new byte[] {(byte) (value >> 8), (byte) value});
    }

    NetlinkMessage attributeString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[text.length + 1];
        System.arraycopy(text, 0, withNul, 0, text.length);
        return attribute(type, withNul);
    }

    NetlinkMessage beginNested(int type) {
        nests.push(buffer.position());
        buffer.putShort((short) 0).putShort((short) type);
        return this;
    }

    NetlinkMessage endNested() {
        int start = nests.pop();
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** The finished message with its length and sequence number filled in. */
    byte[] bytes(int sequence) {
        if (!nests.isEmpty()) {
            throw new IllegalStateException("unclosed nested attribute");
        }
        buffer.putInt(0, buffer.position());
        buffer.putInt(8, sequence);
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while (buffer.position() % 4 != 0) {
            buffer.put((byte) 0);
        }
    }
}
