package dev.cistern.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A loopback TCP proxy in front of a real server, whose network can be made bad while clients use it:
 * added latency (fixed and jittered, each direction), a bandwidth limit, a blackhole (connections are
 * accepted and kept, nothing is forwarded: the stalled network), a reset of every connection, half-open
 * connections (the server's replies stop, the client's requests still arrive), refused connections. Every
 * fault is switched on and off at run time; {@link #heal()} turns them all off, and what a stall held back
 * is delivered then, as TCP would after a partition.
 *
 * <p>Two threads per connection (one per direction) and one accepting: platform threads, so it runs on JDK
 * 17 too. Faults are volatile fields the pumps read before each chunk they forward.
 */
public final class FaultProxy implements AutoCloseable {
    private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private volatile InetSocketAddress target;
    private final int port;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile ServerSocket listener;
    private volatile long latencyNanos;
    private volatile long jitterNanos;
    private volatile long bytesPerSecond;
    private volatile boolean blackhole;
    private volatile boolean halfOpen;
    private volatile boolean refusing;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
        this.port = listener.getLocalPort();
    }

    /**
     * Starts a proxy on a free loopback port, forwarding to {@code host:port}.
     *
     * @param host the server's host
     * @param port the server's port
     * @return the running proxy, with no fault on
     */
    public static FaultProxy start(String host, int port) throws IOException {
        FaultProxy proxy = new FaultProxy(new InetSocketAddress(host, port), listen(0));
        proxy.startAccepting();
        return proxy;
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return socket;
    }

    /**
     * Points new connections at another server, as a DNS name or a virtual IP moved in a failover would: the
     * connections already open stay on the old server until they close.
     *
     * @param host the new server's host
     * @param port the new server's port
     * @return this proxy
     */
    public FaultProxy retarget(String host, int port) {
        this.target = new InetSocketAddress(host, port);
        return this;
    }

    /** {@return the port clients connect to (the same after {@link #refuse()} and {@link #heal()})} */
    public int port() {
        return port;
    }

    /** {@return connections accepted so far} */
    public long connectionsAccepted() {
        return accepted.get();
    }

    /** {@return connections open now} */
    public int openConnections() {
        return links.size();
    }

    /**
     * Delays every chunk in each direction by this much.
     *
     * @param latency the added delay per direction; zero for none
     * @return this proxy
     */
    public FaultProxy latency(Duration latency) {
        return latency(latency, Duration.ZERO);
    }

    /**
     * Delays every chunk in each direction by {@code latency} plus a random part of up to {@code jitter}.
     *
     * @param latency the fixed delay
     * @param jitter  the most added at random on top
     * @return this proxy
     */
    public FaultProxy latency(Duration latency, Duration jitter) {
        this.latencyNanos = latency.toNanos();
        this.jitterNanos = jitter.toNanos();
        return this;
    }

    /**
     * Limits each direction of each connection to this rate.
     *
     * @param bytesPerSecond the limit; 0 for none
     * @return this proxy
     */
    public FaultProxy bandwidth(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
        return this;
    }

    /** Stops forwarding anything, on open and new connections, which stay open: a stalled network. @return this proxy */
    public FaultProxy blackhole() {
        this.blackhole = true;
        return this;
    }

    /** Stops the server's replies on every connection, while the client's requests still arrive. @return this proxy */
    public FaultProxy halfOpen() {
        this.halfOpen = true;
        return this;
    }

    /** Resets every open connection (TCP RST to both ends); new ones are accepted as before. @return this proxy */
    public FaultProxy resetAll() {
        for (Link link : links) {
            link.reset();
        }
        return this;
    }

    /** Refuses new connections (nothing listens on the port) until {@link #heal()}; open ones go on. @return this proxy */
    public synchronized FaultProxy refuse() {
        refusing = true; // a connection the closing listener still completes is reset at once
        ServerSocket open = listener;
        listener = null;
        closeQuietly(open);
        return this;
    }

    /**
     * Turns every fault off: no latency or bandwidth limit, forwarding again (what was held back is
     * delivered), replies flowing, the port listening.
     *
     * @return this proxy
     */
    public synchronized FaultProxy heal() throws IOException {
        latencyNanos = 0;
        jitterNanos = 0;
        bytesPerSecond = 0;
        blackhole = false;
        halfOpen = false;
        refusing = false;
        if (listener == null && !closed) {
            listener = listen(port);
            startAccepting();
        }
        return this;
    }

    /** Stops listening and closes every connection. */
    @Override
    public synchronized void close() {
        closed = true;
        closeQuietly(listener);
        listener = null;
        for (Link link : links) {
            link.close();
        }
    }

    private void startAccepting() {
        ServerSocket socket = listener;
        Thread acceptor = new Thread(() -> accept(socket), "fault-proxy-" + port + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!closed && !socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // refused or closed
            }
            if (refusing) {
                try {
                    client.setSoLinger(true, 0);
                } catch (SocketException ignored) {
                    // closing it is what matters
                }
                closeQuietly(client);
                continue;
            }
            accepted.incrementAndGet();
            Socket server = new Socket();
            try {
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                server.connect(target, 5_000); // read once: a retarget moves the next connection, not this one
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            Link link = new Link(client, server);
            links.add(link);
            link.start();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** One client connection and its server connection, pumped in both directions. */
    private final class Link {
        private final Socket client;
        private final Socket server;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, true);
            pump(server, client, false);
        }

        private void pump(Socket from, Socket to, boolean towardServer) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        awaitFlow(towardServer);
                        delay(n);
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                    to.shutdownOutput(); // pass the end of the stream on
                } catch (IOException e) {
                    // the other direction or a reset ends the link
                } finally {
                    close();
                }
            }, "fault-proxy-" + port + (towardServer ? "-up" : "-down"));
            thread.setDaemon(true);
            thread.start();
        }

        private void awaitFlow(boolean towardServer) throws SocketException {
            while (blackhole || (halfOpen && !towardServer)) {
                if (closed || client.isClosed()) {
                    throw new SocketException("closed while stalled");
                }
                LockSupport.parkNanos(PAUSE_NANOS);
            }
        }

        private void delay(int bytes) {
            long nanos = latencyNanos + (jitterNanos > 0 ? ThreadLocalRandom.current().nextLong(jitterNanos) : 0);
            long rate = bytesPerSecond;
            if (rate > 0) {
                nanos += TimeUnit.SECONDS.toNanos(bytes) / rate;
            }
            if (nanos > 0) {
                LockSupport.parkNanos(nanos);
            }
        }

        void reset() {
            try {
                client.setSoLinger(true, 0);
                server.setSoLinger(true, 0);
            } catch (SocketException ignored) {
                // already closed
            }
            close();
        }

        void close() {
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
        }
    }
}
