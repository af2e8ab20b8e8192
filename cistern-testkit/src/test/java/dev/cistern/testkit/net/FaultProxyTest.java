package dev.cistern.testkit.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fault proxy in front of an echo server that counts what reaches it. */
class FaultProxyTest {
    private ServerSocket echo;
    private final AtomicLong received = new AtomicLong();
    private FaultProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread t = new Thread(() -> {
                        byte[] b = new byte[8192];
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            for (int n; (n = in.read(b)) >= 0; ) {
                                received.addAndGet(n);
                                out.write(b, 0, n);
                            }
                        } catch (IOException ignored) {
                            // client gone
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        proxy = FaultProxy.start("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        s.setSoTimeout(5_000);
        s.setTcpNoDelay(true);
        return s;
    }

    /**
     * Refused: the connect fails, or (when the kernel completed it just before the listener closed, or
     * connected the socket to itself) the connection is reset before anything comes back.
     */
    private void assertRefused() {
        assertThatThrownBy(() -> {
            try (Socket s = connect()) {
                s.setSoTimeout(2_000);
                s.getOutputStream().write('x');
                if (s.getInputStream().read() < 0) {
                    throw new SocketException("closed at once");
                }
                if (s.getLocalPort() == s.getPort()) {
                    throw new SocketException("connected to itself: nothing listens");
                }
            }
        }).isInstanceOf(IOException.class);
    }

    private static byte[] roundTrip(Socket s, byte[] data) throws IOException {
        s.getOutputStream().write(data);
        byte[] back = new byte[data.length];
        int read = 0;
        while (read < data.length) {
            int n = s.getInputStream().read(back, read, data.length - read);
            if (n < 0) {
                throw new IOException("closed");
            }
            read += n;
        }
        return back;
    }

    @Test
    void forwardsBothWays() throws Exception {
        try (Socket s = connect()) {
            assertThat(roundTrip(s, "hello".getBytes())).isEqualTo("hello".getBytes());
        }
        assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void latencyAndBandwidthSlowItDown() throws Exception {
        try (Socket s = connect()) {
            proxy.latency(Duration.ofMillis(150));
            long start = System.nanoTime();
            roundTrip(s, "x".getBytes());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("150 ms each way").isGreaterThanOrEqualTo(Duration.ofMillis(280));
            proxy.heal().bandwidth(20_000);
            start = System.nanoTime();
            roundTrip(s, new byte[8_000]);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("8 kB each way at 20 kB/s").isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void aBlackholeStallsUntilHealedThenDeliversWhatItHeld() throws Exception {
        try (Socket s = connect()) {
            proxy.blackhole();
            s.setSoTimeout(300);
            s.getOutputStream().write("held".getBytes());
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(received.get()).as("nothing reached the server").isZero();
            try (Socket late = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                assertThat(late.isConnected()).as("new connections are still accepted").isTrue();
            }
            proxy.heal();
            s.setSoTimeout(5_000);
            byte[] back = s.getInputStream().readNBytes(4);
            assertThat(back).isEqualTo("held".getBytes());
        }
    }

    @Test
    void halfOpenLetsRequestsThroughButNoReplies() throws Exception {
        try (Socket s = connect()) {
            proxy.halfOpen();
            s.setSoTimeout(300);
            s.getOutputStream().write("ping".getBytes());
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(received.get()).as("the request arrived").isEqualTo(4);
        }
    }

    @Test
    void resetEndsEveryConnectionAndRefuseStopsNewOnes() throws Exception {
        Socket s = connect();
        roundTrip(s, "a".getBytes());
        proxy.resetAll();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                roundTrip(s, "b".getBytes());
            }
        }).isInstanceOf(IOException.class);
        s.close();
        proxy.refuse();
        assertRefused();
        proxy.heal();
        try (Socket again = connect()) {
            assertThat(roundTrip(again, "c".getBytes())).isEqualTo("c".getBytes());
        }
    }
}
