package dev.foodorder.notification.notifying;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real SMTP server in the test JVM (GreenMail) that can fail as real ones do, on the port the
 * service is configured with: go down (connections refused), or hang (connections accepted and
 * never answered), and come back.
 */
final class MailServer implements AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final int port;
    private final List<Socket> heldConnections = new CopyOnWriteArrayList<>();
    private GreenMail greenMail;
    private ServerSocket blackHole;
    private Thread acceptor;

    private MailServer(GreenMail started) {
        this.greenMail = started;
        this.port = started.getSmtp().getPort();
    }

    static MailServer start() {
        var greenMail = new GreenMail(new ServerSetup(0, HOST, ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return new MailServer(greenMail);
    }

    /** Points the service's mail sender at this server. */
    void registerWith(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", this::host);
        registry.add("spring.mail.port", this::port);
    }

    String host() {
        return HOST;
    }

    int port() {
        return port;
    }

    synchronized void stop() {
        greenMail.stop();
    }

    /** Accepts connections and never says a word, as a wedged server or a bad firewall does. */
    synchronized void hang() throws IOException {
        greenMail.stop();
        blackHole = new ServerSocket(port, 50, InetAddress.getByName(HOST));
        var listening = blackHole;
        acceptor = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    heldConnections.add(listening.accept());
                }
            } catch (IOException closed) {
                // restart() closed it
            }
        });
    }

    /** Starts a fresh server, with an empty mailbox, on the port the service is configured with. */
    synchronized void restart() throws IOException, InterruptedException {
        if (blackHole != null) {
            blackHole.close();
            // A socket closed while a virtual thread waits in accept() is released only when that
            // thread has left it: until then the port is taken.
            acceptor.join();
            blackHole = null;
            for (var connection : heldConnections) {
                // Reset rather than close: a close would leave the port in TIME_WAIT, and GreenMail could not bind it.
                connection.setSoLinger(true, 0);
                connection.close();
            }
            heldConnections.clear();
        }
        greenMail.stop();
        greenMail = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    synchronized List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(message -> isAddressedTo(message, address))
                .toList();
    }

    static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message).replace("\r\n", "\n");
    }

    static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isAddressedTo(MimeMessage message, String address) {
        try {
            var recipients = message.getRecipients(Message.RecipientType.TO);
            return recipients != null && Arrays.stream(recipients).anyMatch(to -> to.toString().equals(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (blackHole != null) {
                blackHole.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            greenMail.stop();
        }
    }
}
