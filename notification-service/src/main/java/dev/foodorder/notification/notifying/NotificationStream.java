package dev.foodorder.notification.notifying;

import dev.foodorder.notification.NotificationProperties;
import dev.foodorder.service.api.ServiceUnavailableException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * New notifications, live, as Server-Sent Events: one {@code notification} event per notification
 * once its transaction has committed (a rolled-back one was never there), and a comment line as a
 * heartbeat so that proxies keep an idle stream open and a vanished client is noticed.
 *
 * <p>Nothing here may slow down consumption, which is where notifications come from: each
 * subscriber has a bounded queue of its own, drained by a virtual thread of its own, and a
 * subscriber too slow to keep up is cut off (its browser reconnects) rather than waited for.
 * The stream shows what happens while a client is connected; the history is in the list API.
 */
@Component
class NotificationStream {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final NotificationProperties.Stream settings;

    NotificationStream(NotificationProperties properties, MeterRegistry meters) {
        this.settings = properties.stream();
        Gauge.builder("notifications.stream.subscribers", subscribers, Set::size)
                .description("Clients connected to the live notification stream")
                .register(meters);
    }

    /**
     * @param customerId only this customer's notifications, or every notification when null
     * @throws ServiceUnavailableException if as many clients stream as {@code notifications.stream.max-subscribers}
     */
    SseEmitter subscribe(String customerId) {
        Subscriber subscriber;
        synchronized (subscribers) {
            if (subscribers.size() >= settings.maxSubscribers()) {
                throw new ServiceUnavailableException("%d clients are streaming already, as many as this service serves; retry after %d s."
                        .formatted(settings.maxSubscribers(), RETRY_AFTER.toSeconds()), RETRY_AFTER);
            }
            subscriber = new Subscriber(customerId);
            subscribers.add(subscriber);
        }
        subscriber.offer(SseEmitter.event().comment("subscribed").reconnectTime(settings.heartbeat().toMillis()).build());
        return subscriber.emitter;
    }

    @TransactionalEventListener
    void on(NotificationCreated created) {
        var notification = NotificationView.of(created);
        var frame = SseEmitter.event()
                .id(String.valueOf(notification.id()))
                .name("notification")
                .data(notification, MediaType.APPLICATION_JSON)
                .build();
        for (var subscriber : subscribers) {
            if (subscriber.wants(notification)) {
                subscriber.offer(frame);
            }
        }
    }

    @Scheduled(fixedRateString = "${notifications.stream.heartbeat}")
    void heartbeat() {
        for (var subscriber : subscribers) {
            subscriber.offer(SseEmitter.event().comment("heartbeat").build());
        }
    }

    /** Ends every stream before the web server shuts down, which would otherwise wait for them. */
    @EventListener(ContextClosedEvent.class)
    void closeAll() {
        subscribers.forEach(subscriber -> subscriber.emitter.complete());
    }

    private final class Subscriber {

        private final String customerId;
        private final SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        private final BlockingQueue<Set<DataWithMediaType>> backlog = new ArrayBlockingQueue<>(settings.backlog());
        private final Thread sender;

        Subscriber(String customerId) {
            this.customerId = customerId;
            emitter.onCompletion(this::close);
            emitter.onTimeout(emitter::complete);
            emitter.onError(error -> close());
            sender = Thread.ofVirtual().name("notification-stream").start(this::send);
        }

        boolean wants(NotificationView notification) {
            return customerId == null || customerId.equals(notification.customerId());
        }

        void offer(Set<DataWithMediaType> frame) {
            if (!backlog.offer(frame)) {
                emitter.complete();
            }
        }

        private void send() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    emitter.send(backlog.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | IllegalStateException e) {
                // The client went away, or the stream was completed meanwhile: the container cleans up.
                close();
            }
        }

        private void close() {
            subscribers.remove(this);
            sender.interrupt();
        }
    }
}
