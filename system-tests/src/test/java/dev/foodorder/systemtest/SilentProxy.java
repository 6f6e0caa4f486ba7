package dev.foodorder.systemtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on the loopback interface that can cut the network between a client and a server
 * without either of them hearing about it, as a failed switch, a partitioned network or a NAT or
 * firewall that lost its state does: no FIN, no RST, just silence.
 *
 * <p>Until {@link #partition()} it forwards every byte both ways. From then on nothing goes through:
 * every open connection is abandoned, its bytes held and never delivered, and it is never closed,
 * whatever either end does (a FIN from one side never reaches the other); a connection made
 * meanwhile is accepted and then never answered. {@link #heal()} lets new connections through again,
 * and only them: the abandoned ones stay dead for good, as behind a NAT that forgot them. An end
 * learns that its connection is dead only from a timeout of its own.
 *
 * <p>What it cannot imitate: the proxy's kernel still acknowledges what a client sends, so the
 * client's TCP never retransmits in vain and neither TCP keepalive nor {@code TCP_USER_TIMEOUT}
 * could ever tell it the peer is gone. With Linux's default keepalive (first probe after two hours)
 * that makes no difference within a test.
 */
final class SilentProxy implements AutoCloseable {

    private final String name;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicInteger forwarded = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile boolean partitioned;
    private volatile boolean closed;

    /** Listens on a free port of 127.0.0.1 and forwards to {@code targetPort} there. */
    SilentProxy(String name, int targetPort) {
        this.name = name;
        this.targetPort = targetPort;
        try {
            this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofPlatform().daemon().name("proxy-" + name).start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Cuts the network: open connections are abandoned, new ones are accepted and then ignored. */
    synchronized void partition() {
        partitioned = true;
        links.forEach(Link::abandon);
    }

    /** New connections go through again; those abandoned by {@link #partition()} stay dead. */
    synchronized void heal() {
        partitioned = false;
    }

    boolean isPartitioned() {
        return partitioned;
    }

    /** Connections forwarded at some time, abandoned by a partition, and made during one and never answered. */
    String connections() {
        return "%d connections through %s, %d abandoned open, %d made during the partition and never answered"
                .formatted(forwarded.get(), name, abandoned.get(), unanswered.get());
    }

    int abandoned() {
        return abandoned.get() + unanswered.get();
    }

    /** Closes every connection, the abandoned ones too (each end then hears of it at last), and stops listening. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        links.forEach(Link::close);
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                if (partitioned) {
                    // The client's connection is open and nothing will ever answer it, as if the handshake had gone
                    // through just before the network went away.
                    var link = new Link(client, null);
                    link.abandoned = true;
                    links.add(link);
                    unanswered.incrementAndGet();
                    continue;
                }
            }
            try {
                var upstream = new Socket();
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                var link = new Link(client, upstream);
                links.add(link);
                forwarded.incrementAndGet();
                link.start();
            } catch (IOException e) {
                // The server is not there: the client hears so at once, as from the real thing.
                closeQuietly(client);
            }
        }
    }

    /** One client's connection and the proxy's own to the server. */
    private final class Link {

        private final Socket client;
        private final Socket upstream;
        private volatile boolean abandoned;

        Link(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void start() throws IOException {
            var fromClient = client.getInputStream();
            var toServer = upstream.getOutputStream();
            var fromServer = upstream.getInputStream();
            var toClient = client.getOutputStream();
            Thread.ofVirtual().name("proxy-" + name + "-up").start(() -> pump(fromClient, toServer));
            Thread.ofVirtual().name("proxy-" + name + "-down").start(() -> pump(fromServer, toClient));
        }

        void abandon() {
            if (!abandoned) {
                abandoned = true;
                SilentProxy.this.abandoned.incrementAndGet();
            }
        }

        /**
         * Copies one direction until an end closes it. Once the link is abandoned it stops: what it has read
         * is dropped, the rest stays in the kernel's buffers, and neither end is closed.
         */
        private void pump(InputStream from, OutputStream to) {
            var buffer = new byte[16 * 1024];
            try {
                while (true) {
                    int read = from.read(buffer);
                    if (abandoned) {
                        return;
                    }
                    if (read < 0) {
                        break;
                    }
                    to.write(buffer, 0, read);
                    to.flush();
                }
            } catch (IOException e) {
                if (abandoned) {
                    return;
                }
            }
            // An end closed its side while the network was there: the other end hears of it, as it would.
            close();
        }

        void close() {
            closeQuietly(client);
            if (upstream != null) {
                closeQuietly(upstream);
            }
            links.remove(this);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
