package dev.foodorder.deployment;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service's connections bound what a vanished client can hold: the server ends a transaction left
 * idle, a waiter gives up on a lock, and TCP keepalives notice a dead peer (see VanishedClientTest in the
 * inventory service for the behaviour). The idle limit must outlast the outbox relay's wait for Kafka,
 * which it spends inside its transaction.
 */
class DatabaseSessionLimitsTest {

    private static final Duration RELAY_SEND_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern SETTING = Pattern.compile("-c ([a-z_]+)=(\\d+)s");

    @ParameterizedTest
    @MethodSource("dev.foodorder.deployment.ServiceModule#withDatabases")
    void connectionsEndIdleTransactionsAfterTheRelaysWaitAndGiveUpOnLocks(String service) {
        var module = ServiceModule.named(service);
        var options = module.setting("spring.datasource.hikari.data-source-properties.options");

        assertThat(seconds(options, "idle_in_transaction_session_timeout")).isGreaterThan(RELAY_SEND_TIMEOUT.toSeconds());
        assertThat(seconds(options, "lock_timeout")).isPositive();
        assertThat(module.setting("spring.datasource.hikari.data-source-properties.tcpKeepAlive")).isEqualTo("true");
    }

    private static long seconds(String options, String name) {
        return SETTING.matcher(options).results().filter(match -> match.group(1).equals(name))
                .mapToLong(match -> Long.parseLong(match.group(2))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + options));
    }
}
