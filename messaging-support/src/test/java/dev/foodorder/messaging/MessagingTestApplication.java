package dev.foodorder.messaging;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest service there is: a database, a broker and the messaging support, nothing else. */
@SpringBootApplication
public class MessagingTestApplication {
}
