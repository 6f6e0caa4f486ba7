package dev.foodorder.infrastructure.local;

import dev.foodorder.infrastructure.PostgresServer;

import java.util.Map;

/**
 * A PostgreSQL server someone else runs, given as a JDBC URL to any of its databases
 * ({@code LOCAL_POSTGRES_URL=jdbc:postgresql://localhost:5432/postgres}) and a superuser.
 */
public record ExistingPostgres(String url, String username, String password) implements PostgresServer {

    /** The server {@code LOCAL_POSTGRES_URL} names (superuser from LOCAL_POSTGRES_USER / _PASSWORD), or {@code null} if none. */
    public static ExistingPostgres fromEnvironment(Map<String, String> environment) {
        var url = environment.get("LOCAL_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            return null;
        }
        return new ExistingPostgres(url, environment.getOrDefault("LOCAL_POSTGRES_USER", "postgres"),
                environment.getOrDefault("LOCAL_POSTGRES_PASSWORD", "postgres"));
    }

    @Override
    public String jdbcUrl(String databaseName) {
        var query = url.indexOf('?');
        var base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + databaseName + (query < 0 ? "" : url.substring(query));
    }

    @Override
    public void close() {
        // not ours to stop
    }
}
