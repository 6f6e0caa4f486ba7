package dev.foodorder.messaging;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the consumers' memory small: forgets processed event ids older than any redelivery could
 * be. Deletes in bounded chunks, so a large backlog never holds a long lock. The outbox needs no
 * cleaning: the relay deletes its rows as it publishes them.
 */
public class Housekeeping implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    private static final int CHUNK = 10_000;
    private static final String FORGET_CHUNK = """
            DELETE FROM processed_event WHERE ctid IN (
                SELECT ctid FROM processed_event WHERE processed_at < now() - make_interval(secs => ?) LIMIT ?)
            """;

    private final JdbcTemplate jdbc;
    private final MessagingProperties properties;
    private ScheduledExecutorService scheduler;

    public Housekeeping(JdbcTemplate jdbc, MessagingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** Forgets processed event ids older than the de-duplication window; returns how many. */
    public int forgetProcessedEvents() {
        var retention = properties.consumer().processedRetention().toSeconds();
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update(FORGET_CHUNK, retention, CHUNK);
            total += deleted;
        } while (deleted == CHUNK);
        return total;
    }

    private void run() {
        try {
            int processed = forgetProcessedEvents();
            if (processed > 0) {
                log.debug("Housekeeping forgot {} processed event ids", processed);
            }
        } catch (RuntimeException e) {
            log.warn("Housekeeping failed, will try again: {}", e.getMessage());
        }
    }

    @Override
    public void start() {
        var interval = properties.outbox().cleanupInterval().toMillis();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("messaging-housekeeping").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::run, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
