package dev.foodorder.systemtest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilentProxyTest {

    /** Long enough for an answer on the loopback interface of a busy machine. */
    private static final int ANSWER_MILLIS = 5000;
    /** How long a connection that gets no answer is listened to. */
    private static final int SILENCE_MILLIS = 500;

    private ServerSocket echo;
    private SilentProxy proxy;

    @BeforeEach
    void startAnEchoServerBehindTheProxy() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    var connection = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (connection) {
                            connection.getInputStream().transferTo(connection.getOutputStream());
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = new SilentProxy("echo", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsBothWaysUntilThePartition() throws IOException {
        try (var client = connect()) {
            assertThat(roundTrip(client, "hello")).isEqualTo("hello");
        }
    }

    @Test
    void aPartitionSilencesOpenConnectionsWithoutClosingThem() throws IOException {
        try (var client = connect()) {
            roundTrip(client, "before");

            proxy.partition();

            client.getOutputStream().write("during".getBytes(StandardCharsets.UTF_8));
            assertSilent(client);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void aConnectionMadeDuringThePartitionIsAcceptedAndNeverAnswered() throws IOException {
        proxy.partition();

        try (var client = connect()) {
            client.getOutputStream().write("anyone?".getBytes(StandardCharsets.UTF_8));
            assertSilent(client);
        }
    }

    @Test
    void afterTheHealNewConnectionsWorkAndTheAbandonedOnesStayDead() throws IOException {
        try (var abandoned = connect()) {
            roundTrip(abandoned, "before");
            proxy.partition();
            proxy.heal();

            try (var fresh = connect()) {
                assertThat(roundTrip(fresh, "after")).isEqualTo("after");
            }
            abandoned.getOutputStream().write("still there?".getBytes(StandardCharsets.UTF_8));
            assertSilent(abandoned);
            assertThat(proxy.abandoned()).isEqualTo(1);
        }
    }

    private Socket connect() throws IOException {
        var socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(ANSWER_MILLIS);
        return socket;
    }

    /** Neither an answer nor an end of stream: a read can only time out. */
    private static void assertSilent(Socket socket) throws IOException {
        socket.setSoTimeout(SILENCE_MILLIS);
        assertThatThrownBy(() -> socket.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return new String(socket.getInputStream().readNBytes(bytes.length), StandardCharsets.UTF_8);
    }
}
