package dev.foodorder.analytics.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One watching page. Events wait in a bounded queue, and a virtual thread of the subscriber's own
 * writes them to the page: the viewer hands an event over without waiting, so a slow page can hold
 * up nobody but itself, and once its queue is full it is dropped (its browser reconnects).
 */
final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

    /** Put in the queue to end the stream; compared by identity. */
    private static final LiveEvent END = new LiveEvent("end", "");

    private final EventSink sink;
    private final BlockingQueue<LiveEvent> queue;
    private final Duration heartbeat;
    private final Consumer<Subscriber> onGone;

    /** @param onGone told once the page cannot be written to, so that its place is freed */
    Subscriber(EventSink sink, int capacity, Duration heartbeat, Consumer<Subscriber> onGone) {
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.heartbeat = heartbeat;
        this.onGone = onGone;
    }

    /** @return false if the queue is full: the page has fallen too far behind */
    boolean offer(LiveEvent event) {
        return queue.offer(event);
    }

    /**
     * Drops what has not been sent and completes the stream; never waits. Called once nothing offers
     * events any more, so the end always finds room.
     */
    void end() {
        queue.clear();
        queue.offer(END);
    }

    void start() {
        Thread.ofVirtual().name("live-subscriber").start(this::run);
    }

    private void run() {
        try {
            // The first write commits the response, so the page knows at once that it is connected,
            // even when nothing is happening.
            sink.heartbeat();
            while (true) {
                var event = queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (event == END) {
                    sink.complete();
                    return;
                }
                if (event == null) {
                    sink.heartbeat();
                } else {
                    sink.send(event);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The page has gone (closed, reloaded, network lost): the usual way a stream ends.
            log.debug("A live page stopped listening: {}", e.toString());
            onGone.accept(this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            onGone.accept(this);
        }
    }
}
