package dev.foodorder.identity;

import dev.foodorder.infrastructure.Database;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;

/**
 * One instance of the service, started and stopped by the test itself on a database the test chooses:
 * for what only a restart, or a second instance on the same database, shows.
 */
public final class IdentityServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private IdentityServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param settings further properties, as {@code name=value} */
    public static IdentityServer start(Database database, String... settings) {
        var arguments = new ArrayList<>(List.of(
                "--server.port=0",
                "--management.server.port=0",
                "--spring.datasource.url=" + database.jdbcUrl(),
                "--spring.datasource.username=" + database.username(),
                "--spring.datasource.password=" + database.password()));
        for (var setting : settings) {
            arguments.add("--" + setting);
        }
        return new IdentityServer(new SpringApplicationBuilder(IdentityApplication.class).run(arguments.toArray(String[]::new)));
    }

    public int port() {
        return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    }

    public JdbcClient jdbc() {
        return context.getBean(JdbcClient.class);
    }

    public IdentityHttp http() {
        return new IdentityHttp(port());
    }

    @Override
    public void close() {
        context.close();
    }
}
