package dev.foodorder.analytics.live;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Settings of the live page under {@code analytics.live.*}, each overridable by environment variable
 * ({@code ANALYTICS_LIVE_ORDER_SERVICE_URL}, {@code ANALYTICS_LIVE_MAX_SUBSCRIBERS}, ...).
 *
 * @param orderServiceUrl    where the page's JavaScript places orders; the browser calls it, this service never does
 * @param inventoryServiceUrl where the page's JavaScript reads the stock, likewise
 * @param crowdMaxCustomers  the most simulated customers the page's crowd may run
 * @param crowdMaxSeconds    the longest the page's crowd may run
 * @param maxSubscribers     the most pages watching at once; the next is refused with 503
 * @param subscriberBuffer   how many events may wait for a slow page before it is dropped
 * @param recentPerPartition how many of each partition's latest records a new page is shown
 * @param recentDeadLetters  how many of the latest dead letters a new page is shown
 * @param heartbeat          how long a quiet stream waits before it sends a comment, which keeps proxies from
 *                           closing it and tells the service when a page has gone
 * @param lagInterval        how often the consumer groups' lag is measured while a page watches
 * @param topicRefresh       how often the viewer looks for new topics and partitions while a page watches
 * @param clientId           the identity service's public client that the page signs in as (authorization code + PKCE)
 */
@ConfigurationProperties("analytics.live")
record LiveProperties(
        @DefaultValue("http://localhost:8081") String orderServiceUrl,
        @DefaultValue("http://localhost:8082") String inventoryServiceUrl,
        @DefaultValue("50") int crowdMaxCustomers,
        @DefaultValue("60") int crowdMaxSeconds,
        @DefaultValue("20") int maxSubscribers,
        @DefaultValue("1000") int subscriberBuffer,
        @DefaultValue("20") int recentPerPartition,
        @DefaultValue("50") int recentDeadLetters,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1s") Duration lagInterval,
        @DefaultValue("5s") Duration topicRefresh,
        @DefaultValue("live-page") String clientId) {

    LiveProperties {
        atLeastOne(crowdMaxCustomers, "crowd-max-customers");
        atLeastOne(crowdMaxSeconds, "crowd-max-seconds");
        atLeastOne(maxSubscribers, "max-subscribers");
        atLeastOne(subscriberBuffer, "subscriber-buffer");
        atLeastOne(recentPerPartition, "recent-per-partition");
        atLeastOne(recentDeadLetters, "recent-dead-letters");
    }

    private static void atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException("analytics.live." + name + " must be at least 1, was " + value);
        }
    }
}
