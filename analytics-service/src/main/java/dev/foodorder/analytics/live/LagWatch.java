package dev.foodorder.analytics.live;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;

/**
 * Measures the consumer groups' lag every {@code lag-interval} and sends it to the watching pages;
 * while no page watches it asks the broker nothing.
 */
@Component
class LagWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LagWatch.class);

    private final LiveFeed feed;
    private final Cluster cluster;
    private final LiveProperties properties;
    private final TaskScheduler scheduler;
    private volatile ScheduledFuture<?> task;
    private volatile boolean failing;

    LagWatch(LiveFeed feed, Cluster cluster, LiveProperties properties, TaskScheduler scheduler) {
        this.feed = feed;
        this.cluster = cluster;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    void measure() {
        if (!feed.watched()) {
            return;
        }
        try {
            feed.publish(cluster.lag());
            failing = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            if (!failing) {
                log.warn("Cannot measure the consumer groups' lag, and will try again: {}", e.toString());
            }
            failing = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void start() {
        task = scheduler.scheduleWithFixedDelay(this::measure, properties.lagInterval());
    }

    @Override
    public void stop() {
        task.cancel(false);
        task = null;
    }

    @Override
    public boolean isRunning() {
        return task != null;
    }
}
