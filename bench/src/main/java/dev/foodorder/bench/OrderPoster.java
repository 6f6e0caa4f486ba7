package dev.foodorder.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Sends {@code POST /api/orders} over plain HTTP/1.1 keep-alive connections, kept in a pool and
 * each used by one request at a time. The driver shares two cores with the stack it measures, so
 * it must cost little per order: the JDK's HttpClient spent 2.7-3.9 ms of CPU on each (futures,
 * a selector thread, header maps), this about a tenth of that. It reads only what the driver
 * counts: the status and the {@code Location} header.
 */
final class OrderPoster implements AutoCloseable {

    /** What the driver needs of an answer. */
    record Answer(int status, String location) {
    }

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final InetSocketAddress address;
    private final String start;
    private final Supplier<String> authorization;
    /** The request's head up to its Content-Length, made again only when the token changes. */
    private volatile Head head = new Head("", new byte[0]);
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    /** @param authorization the {@code Authorization} header's value, asked for at every order (cached by its source) */
    OrderPoster(URI orderService, Supplier<String> authorization) {
        this.address = new InetSocketAddress(orderService.getHost(), orderService.getPort());
        this.start = "POST /api/orders HTTP/1.1\r\nHost: " + orderService.getHost() + ":" + orderService.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: ";
        this.authorization = authorization;
    }

    private record Head(String authorization, byte[] bytes) {
    }

    private byte[] head() {
        var current = head;
        var value = authorization.get();
        if (!value.equals(current.authorization())) {
            current = new Head(value, (start + value + "\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII));
            head = current;
        }
        return current.bytes();
    }

    Answer place(String body) throws IOException {
        var head = head();
        var connection = idle.poll();
        if (connection == null) {
            connection = new Connection(address);
        }
        try {
            var answer = connection.exchange(head, body.getBytes(StandardCharsets.UTF_8));
            if (connection.reusable) {
                idle.add(connection);
            } else {
                connection.close();
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            connection.close();
        }
    }

    private static final class Connection {

        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder(128);
        boolean reusable = true;

        Connection(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        Answer exchange(byte[] head, byte[] body) throws IOException {
            var request = new byte[head.length + 24 + body.length];
            var length = (body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(length, 0, request, head.length, length.length);
            System.arraycopy(body, 0, request, head.length + length.length, body.length);
            out.write(request, 0, head.length + length.length + body.length);
            out.flush();
            return read();
        }

        private Answer read() throws IOException {
            var statusLine = readLine();
            if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
                throw new IOException("Not an HTTP/1.1 answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long contentLength = -1;
            boolean chunked = false;
            String location = null;
            for (var header = readLine(); !header.isEmpty(); header = readLine()) {
                var colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                var name = header.substring(0, colon);
                var value = header.substring(colon + 1).strip();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.equalsIgnoreCase("chunked");
                } else if (name.equalsIgnoreCase("Location")) {
                    location = value;
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    reusable = false;
                }
            }
            if (chunked) {
                skipChunks();
            } else if (contentLength >= 0) {
                skip(contentLength);
            } else {
                reusable = false;
            }
            return new Answer(status, location);
        }

        private void skipChunks() throws IOException {
            while (true) {
                var size = readLine();
                var semicolon = size.indexOf(';');
                long chunk = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                if (chunk == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers, if any
                    }
                    return;
                }
                skip(chunk);
                readLine();
            }
        }

        private void skip(long count) throws IOException {
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("The connection closed mid-answer");
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("The connection closed mid-answer");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing to do: the connection is gone either way.
            }
        }
    }
}
