package dev.foodorder.notification.delivery;

import java.util.List;
import java.util.Map;

/** A way of getting notifications to people: email, or the log where no mail server is configured. */
interface DeliveryChannel {

    /**
     * Delivers each message it can; one message failing does not stop the others.
     *
     * @return why each message that could not be delivered failed, by notification id
     */
    Map<Long, Exception> deliver(List<Message> messages);
}
