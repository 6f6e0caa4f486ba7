package dev.foodorder.infrastructure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedPostgresServerTest {

    @Test
    void aStoppedServerRefusesConnectionsAndComesBackOnItsPortWithItsData(@TempDir Path directory) throws SQLException {
        try (var server = EmbeddedPostgresServer.startPersistent(directory.resolve("postgres"), Ports.free())) {
            var database = server.createDatabase("outage");
            execute(database, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");

            server.stop();

            assertThat(server.isRunning()).isFalse();
            assertThatThrownBy(() -> execute(database, "SELECT 1")).isInstanceOf(SQLException.class);

            server.start();

            assertThat(server.isRunning()).isTrue();
            assertThat(server.jdbcUrl("outage")).isEqualTo(database.jdbcUrl());
            try (var connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                 var rows = connection.createStatement().executeQuery("SELECT id FROM kept")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).isEqualTo(42);
            }
        }
    }

    @Test
    void aTemporaryServerCannotBeStoppedForAnOutageSinceItsDataWouldGo() {
        try (var server = EmbeddedPostgresServer.startTemporary()) {
            assertThatThrownBy(server::stop).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("persistent");
            assertThat(server.isRunning()).isTrue();
        }
    }

    private static void execute(Database database, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
