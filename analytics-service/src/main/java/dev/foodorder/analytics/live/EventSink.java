package dev.foodorder.analytics.live;

import java.io.IOException;

/** Where a subscriber's events go: a page's event stream, or a test's list. */
interface EventSink {

    void send(LiveEvent event) throws IOException;

    /** A comment line, which the browser ignores: keeps the connection busy and finds out whether it is still open. */
    void heartbeat() throws IOException;

    void complete();
}
