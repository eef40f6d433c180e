package dev.palisade.enforcer;

import dev.palisade.netpol.Protocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Real packets between pod namespaces, as the upstream network-policy e2e tests probe with agnhost: every pod serves
 * TCP and UDP on ports 80 and 81 (TCP accepts, UDP echoes), and a probe is a TCP connect or a UDP request that must
 * be answered, within a timeout. Sockets are opened inside the pod's namespace (on a thread that enters it and ends,
 * see {@link NetworkNamespace}) and then driven from here; all probes of a matrix run at once.
 */
final class Prober implements AutoCloseable {
    record Probe(Lab.Pod from, Lab.Pod to, int port, Protocol protocol) {
        @Override
        public String toString() {
            return from.key() + " -> " + to.key() + ":" + port + "/" + protocol;
        }
    }

    static final int[] PORTS = {80, 81};
    static final Protocol[] PROTOCOLS = {Protocol.TCP, Protocol.UDP};
    private final Selector serverSelector;
    private final Thread serverThread;
    private final List<java.nio.channels.Channel> serverChannels = new ArrayList<>();

    Prober(Iterable<Lab.Pod> pods) throws IOException {
        serverSelector = Selector.open();
        for (Lab.Pod pod : pods) {
            serve(pod);
        }
        serverThread = Thread.ofPlatform().daemon().name("lab-servers").start(this::serveLoop);
    }

    /** Starts the servers of a pod added after the prober. */
    void serve(Lab.Pod pod) {
        List<java.nio.channels.SelectableChannel> channels = NetworkNamespace.call(pod.netns(), () -> {
            List<java.nio.channels.SelectableChannel> opened = new ArrayList<>();
            for (int port : PORTS) {
                ServerSocketChannel tcp = ServerSocketChannel.open();
                tcp.bind(new InetSocketAddress("0.0.0.0", port));
                opened.add(tcp);
                DatagramChannel udp = DatagramChannel.open();
                udp.bind(new InetSocketAddress("0.0.0.0", port));
                opened.add(udp);
            }
            return opened;
        });
        synchronized (serverChannels) {
            for (var channel : channels) {
                try {
                    channel.configureBlocking(false);
                    // Registration does not wait for a select in progress (JDK 11+); the wakeup makes it count at once.
                    channel.register(serverSelector, channel instanceof ServerSocketChannel ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ);
                    serverSelector.wakeup();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                serverChannels.add(channel);
            }
        }
    }

    private void serveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(512);
        while (serverSelector.isOpen()) {
            try {
                serverSelector.select(200);
                for (SelectionKey key : serverSelector.selectedKeys()) {
                    if (key.channel() instanceof ServerSocketChannel server) {
                        SocketChannel accepted = server.accept();
                        if (accepted != null) {
                            accepted.close();
                        }
                    } else if (key.channel() instanceof DatagramChannel udp) {
                        buffer.clear();
                        var sender = udp.receive(buffer);
                        if (sender != null) {
                            buffer.flip();
                            udp.send(buffer, sender);
                        }
                    }
                }
                serverSelector.selectedKeys().clear();
            } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                if (!serverSelector.isOpen()) {
                    return;
                }
            }
        }
    }

    /** Every ordered pair of distinct pods, on each port and protocol. */
    static List<Probe> allPairs(List<Lab.Pod> pods) {
        List<Probe> probes = new ArrayList<>();
        for (Lab.Pod from : pods) {
            for (Lab.Pod to : pods) {
                if (from == to) {
                    continue;
                }
                for (int port : PORTS) {
                    for (Protocol protocol : PROTOCOLS) {
                        probes.add(new Probe(from, to, port, protocol));
                    }
                }
            }
        }
        return probes;
    }

    /** Runs all probes at once; true where the connection succeeded within {@code timeoutMillis}. */
    Map<Probe, Boolean> probe(List<Probe> probes, long timeoutMillis) throws IOException {
        Map<Probe, Boolean> results = new LinkedHashMap<>();
        Map<String, List<Probe>> bySource = new LinkedHashMap<>();
        for (Probe probe : probes) {
            results.put(probe, false);
            bySource.computeIfAbsent(probe.from().netns(), k -> new ArrayList<>()).add(probe);
        }
        List<java.nio.channels.SelectableChannel> open = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (var entry : bySource.entrySet()) {
                List<java.nio.channels.SelectableChannel> channels = NetworkNamespace.call(entry.getKey(), () -> {
                    List<java.nio.channels.SelectableChannel> opened = new ArrayList<>();
                    for (Probe probe : entry.getValue()) {
                        opened.add(probe.protocol() == Protocol.TCP ? SocketChannel.open() : DatagramChannel.open());
                    }
                    return opened;
                });
                open.addAll(channels);
                for (int i = 0; i < channels.size(); i++) {
                    Probe probe = entry.getValue().get(i);
                    var channel = channels.get(i);
                    channel.configureBlocking(false);
                    InetSocketAddress target = new InetSocketAddress(probe.to().ip(), probe.port());
                    if (channel instanceof SocketChannel tcp) {
                        if (tcp.connect(target)) {
                            results.put(probe, true);
                        } else {
                            tcp.register(selector, SelectionKey.OP_CONNECT, probe);
                        }
                    } else if (channel instanceof DatagramChannel udp) {
                        udp.connect(target);
                        udp.write(ByteBuffer.wrap("palisade-probe".getBytes()));
                        udp.register(selector, SelectionKey.OP_READ, probe);
                    }
                }
            }
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
            ByteBuffer buffer = ByteBuffer.allocate(512);
            while (System.nanoTime() < deadline && !selector.keys().isEmpty()) {
                selector.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Probe probe = (Probe) key.attachment();
                    try {
                        if (key.channel() instanceof SocketChannel tcp) {
                            results.put(probe, tcp.finishConnect());
                        } else if (key.channel() instanceof DatagramChannel udp) {
                            buffer.clear();
                            results.put(probe, udp.read(buffer) > 0);
                        }
                    } catch (IOException e) {
                        results.put(probe, false); // refused, unreachable: not connected
                    }
                    key.cancel();
                }
                selector.selectedKeys().clear();
                selector.selectNow();
            }
        } finally {
            for (var channel : open) {
                channel.close();
            }
        }
        return results;
    }

    @Override
    public void close() throws IOException {
        serverSelector.close();
        try {
            serverThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (serverChannels) {
            for (var channel : serverChannels) {
                channel.close();
            }
        }
    }
}
