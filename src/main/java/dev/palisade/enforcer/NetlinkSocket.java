package dev.palisade.enforcer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One NETLINK_ROUTE socket of the calling thread's network namespace (a netlink socket stays in the namespace it was
 * opened in, whichever thread uses it later). Requests are acknowledged one at a time; a receive never blocks for
 * more than two seconds, so a silent kernel becomes an error instead of a hang.
 */
final class NetlinkSocket implements AutoCloseable {
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    private static final int MAX_DUMP_PARTS = 100_000;

    /** One message of a reply: its type, and its body after the 16-byte header. */
    record Reply(int type, byte[] body) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(body).order(ByteOrder.nativeOrder());
        }

        /** The attributes that follow a family header of {@code headerLength} bytes. */
        NetlinkAttributes attributes(int headerLength) {
            return new NetlinkAttributes(body, headerLength, body.length);
        }
    }

    private final KernelCalls libc = KernelCalls.load();
    private final int fd;
    private int sequence = (int) (System.nanoTime() & 0x3fffffff);

    NetlinkSocket() {
        this(KernelCalls.NETLINK_ROUTE, 0, 2000);
    }

    /**
     * A socket of netlink {@code protocol} subscribed to the multicast {@code groups} (a bit mask, 0 for none) whose
     * receives time out after {@code timeoutMillis}.
     */
    NetlinkSocket(int protocol, int groups, long timeoutMillis) {
        fd = libc.socket(KernelCalls.AF_NETLINK, KernelCalls.SOCK_RAW | KernelCalls.SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw failure("open a netlink socket", KernelCalls.errno());
        }
        byte[] address = ByteBuffer.allocate(12).order(ByteOrder.nativeOrder()).putShort((short) KernelCalls.AF_NETLINK)
                .putShort((short) 0).putInt(0).putInt(groups).array();
        byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(timeoutMillis / 1000).putLong(timeoutMillis % 1000 * 1000).array();
        if (libc.bind(fd, address, address.length) != 0
                || libc.setsockopt(fd, KernelCalls.SOL_SOCKET, KernelCalls.SO_RCVTIMEO, timeout, timeout.length) != 0) {
            int errno = KernelCalls.errno();
            libc.close(fd);
            throw failure("bind the netlink socket", errno);
        }
    }

    /**
     * Waits (up to the receive timeout, or not at all when {@code wait} is false) for a multicast notification and
     * discards it: true when one came, or when the kernel dropped some because the queue overflowed (ENOBUFS).
     */
    boolean awaitNotification(boolean wait) {
        byte[] buffer = new byte[65536];
        long length = libc.recv(fd, buffer, buffer.length, wait ? 0 : KernelCalls.MSG_DONTWAIT);
        if (length >= 0) {
            return true;
        }
        int errno = KernelCalls.errno();
        if (errno == KernelCalls.ENOBUFS) {
            return true;
        }
        if (errno == KernelCalls.EAGAIN || errno == KernelCalls.EINTR) {
            return false;
        }
        throw failure("receive a netlink notification", errno);
    }

    /** Sends a request that changes something and waits for its acknowledgement; returns 0 or the kernel's errno. */
    int request(NetlinkMessage message) {
        int seq = ++sequence;
        send(message.bytes(seq));
        for (int parts = 0; parts < MAX_DUMP_PARTS; parts++) {
            for (Reply reply : receive(seq)) {
                if (reply.type() == NLMSG_ERROR) {
                    return -reply.buffer().getInt(0);
                }
            }
        }
        throw new EnforcerException("netlink: no acknowledgement for request " + seq);
    }

    /** Like {@link #request} but fails with {@code what} in the message unless the kernel said yes. */
    void require(String what, NetlinkMessage message) {
        int errno = request(message);
        if (errno != 0) {
            throw failure(what, errno);
        }
    }

    /** Sends a get request for one object; its one reply, or an empty list when the kernel says it does not exist. */
    List<Reply> get(NetlinkMessage message, int... missingErrnos) {
        int seq = ++sequence;
        send(message.bytes(seq));
        for (int parts = 0; parts < MAX_DUMP_PARTS; parts++) {
            for (Reply reply : receive(seq)) {
                if (reply.type() == NLMSG_ERROR) {
                    int errno = -reply.buffer().getInt(0);
                    for (int missing : missingErrnos) {
                        if (errno == missing) {
                            return List.of();
                        }
                    }
                    throw failure("get", errno);
                }
                return List.of(reply);
            }
        }
        throw new EnforcerException("netlink: no reply to request " + seq);
    }

    /** Sends a dump request and collects every message until NLMSG_DONE. */
    List<Reply> dump(NetlinkMessage message) {
        int seq = ++sequence;
        send(message.bytes(seq));
        List<Reply> all = new ArrayList<>();
        for (int parts = 0; parts < MAX_DUMP_PARTS; parts++) {
            for (Reply reply : receive(seq)) {
                if (reply.type() == NLMSG_DONE) {
                    return all;
                }
                if (reply.type() == NLMSG_ERROR) {
                    int errno = -reply.buffer().getInt(0);
                    if (errno != 0) {
                        throw failure("dump", errno);
                    }
                    return all;
                }
                all.add(reply);
            }
        }
        throw new EnforcerException("netlink: dump " + seq + " did not end");
    }

    private void send(byte[] bytes) {
        if (libc.send(fd, bytes, bytes.length, 0) != bytes.length) {
            throw failure("send a netlink request", KernelCalls.errno());
        }
    }

    private List<Reply> receive(int seq) {
        byte[] buffer = new byte[65536];
        long length = libc.recv(fd, buffer, buffer.length, 0);
        if (length < 0) {
            throw failure("receive a netlink reply", KernelCalls.errno());
        }
        ByteBuffer view = ByteBuffer.wrap(buffer, 0, (int) length).order(ByteOrder.nativeOrder());
        List<Reply> replies = new ArrayList<>();
        int position = 0;
        while (position + 16 <= length) {
            int messageLength = view.getInt(position);
            int type = Short.toUnsignedInt(view.getShort(position + 4));
            int messageSeq = view.getInt(position + 8);
            if (messageLength < 16 || position + messageLength > length) {
                break;
            }
            if (messageSeq == seq) {
                replies.add(new Reply(type, Arrays.copyOfRange(buffer, position + 16, position + messageLength)));
            }
            position += (messageLength + 3) & ~3;
        }
        return replies;
    }

    EnforcerException failure(String what, int errno) {
        return new EnforcerException("netlink: cannot " + what + ": " + libc.strerror(errno) + " (errno " + errno + ")");
    }

    @Override
    public void close() {
        libc.close(fd);
    }
}
