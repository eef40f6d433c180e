package dev.palisade.enforcer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection between two pods that both ends keep writing to (64 bytes every 10 ms) and reading from, for a
 * bounded time, with the arrival time of every read kept per end: a test can say when each direction last carried
 * data and how long the longest pause was. Both directions matter: after a flow's conntrack entry is deleted, a
 * packet of the server must not revive it as a "new" connection from the server.
 */
final class LongLivedStream implements AutoCloseable {
    static final long PERIOD_MILLIS = 10;
    private final SocketChannel client;
    private final SocketChannel server;
    private final List<Long> atServer = new ArrayList<>();
    private final List<Long> atClient = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    final String name;

    /** Connects {@code from} to {@code to}:port, where {@code listener} (in {@code to}'s namespace) accepts it. */
    LongLivedStream(String name, Lab.Pod from, Lab.Pod to, ServerSocketChannel listener, int port, long maxMillis) throws IOException {
        this.name = name;
        client = NetworkNamespace.call(from.netns(), SocketChannel::open);
        connect(client, new InetSocketAddress(to.ip(), port), 1_000);
        server = listener.accept();
        long end = System.nanoTime() + maxMillis * 1_000_000;
        for (SocketChannel channel : List.of(client, server)) {
            List<Long> arrivals = channel == client ? atClient : atServer;
            threads.add(Thread.ofPlatform().daemon().name(name + "-writer").start(() -> write(channel, end)));
            threads.add(Thread.ofPlatform().daemon().name(name + "-reader").start(() -> read(channel, arrivals, end)));
        }
    }

    /** Connects within {@code timeoutMillis} or closes the channel and fails: a denied SYN must not block for minutes. */
    private static void connect(SocketChannel channel, InetSocketAddress target, long timeoutMillis) throws IOException {
        channel.configureBlocking(false);
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            if (!channel.connect(target)) {
                channel.register(selector, java.nio.channels.SelectionKey.OP_CONNECT);
                if (selector.select(timeoutMillis) == 0 || !channel.finishConnect()) {
                    throw new IOException("no connection to " + target + " within " + timeoutMillis + " ms");
                }
            }
            selector.keys().forEach(java.nio.channels.SelectionKey::cancel);
            selector.selectNow();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        channel.configureBlocking(true);
    }

    /** A listening socket on {@code port} inside the pod's namespace. */
    static ServerSocketChannel listen(Lab.Pod pod, int port) {
        return NetworkNamespace.call(pod.netns(), () -> {
            ServerSocketChannel listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress("0.0.0.0", port));
            return listener;
        });
    }

    private void write(SocketChannel channel, long end) {
        ByteBuffer message = ByteBuffer.allocate(64);
        try {
            while (!stop.get() && System.nanoTime() < end) {
                message.clear();
                channel.write(message); // blocks once the peer stops acknowledging and the send buffer is full
                Thread.sleep(PERIOD_MILLIS);
            }
        } catch (IOException | InterruptedException e) {
            // closed by close(), or the connection failed: the arrivals say what happened
        }
    }

    private static void read(SocketChannel channel, List<Long> arrivals, long end) {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (System.nanoTime() < end) {
                buffer.clear();
                if (channel.read(buffer) < 0) {
                    return;
                }
                synchronized (arrivals) {
                    arrivals.add(System.nanoTime());
                }
            }
        } catch (IOException e) {
            // closed by close()
        }
    }

    /** Arrival times at the server (data from the client), or at the client (data from the server). */
    List<Long> arrivals(boolean atServerEnd) {
        List<Long> list = atServerEnd ? atServer : atClient;
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** The last arrival in either direction, or 0 when none. */
    long lastArrival() {
        long last = 0;
        for (boolean end : new boolean[] {true, false}) {
            List<Long> list = arrivals(end);
            if (!list.isEmpty()) {
                last = Math.max(last, list.getLast());
            }
        }
        return last;
    }

    /** Arrivals in either direction within [from, to) in nanoTime. */
    long arrivalsBetween(long from, long to) {
        return arrivals(true).stream().filter(t -> t >= from && t < to).count()
                + arrivals(false).stream().filter(t -> t >= from && t < to).count();
    }

    /** The longest pause between arrivals at either end within [from, to), in ms (to counts as an arrival). */
    long longestPauseMillis(long from, long to) {
        long longest = 0;
        for (boolean end : new boolean[] {true, false}) {
            long previous = from;
            for (long t : arrivals(end)) {
                if (t >= from && t < to) {
                    longest = Math.max(longest, t - previous);
                    previous = t;
                }
            }
            longest = Math.max(longest, to - previous);
        }
        return longest / 1_000_000;
    }

    @Override
    public void close() throws IOException {
        stop.set(true);
        client.close();
        server.close();
        for (Thread thread : threads) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
