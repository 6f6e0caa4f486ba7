package dev.foodorder.identity.accounts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The {@code account} table. Public for the demo's seeding, the one writer besides a future sign-up. */
@Repository
public class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account, unless there is none of that name or it is disabled. */
    public Optional<Account> find(String username) {
        return jdbc.sql("SELECT username, role, customer_id, email FROM account WHERE username = ? AND enabled")
                .param(username)
                .query(Accounts::account)
                .optional();
    }

    /**
     * Adds the account unless one of that name (or for that customer) exists already, which is what
     * two instances seeding the same account at once, or a restart, find.
     *
     * @param passwordHash with its encoder's prefix, as {@code PasswordEncoder.encode} gives it
     * @return whether it was added
     */
    public boolean addIfAbsent(Account account, String passwordHash) {
        return jdbc.sql("""
                        INSERT INTO account (username, password_hash, role, customer_id, email)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT DO NOTHING""")
                .params(account.username(), passwordHash, account.role().value(), account.customerId(), account.email())
                .update() == 1;
    }

    /** What signing in checks; a disabled account is found, so that Spring Security can say it is disabled. */
    Optional<Credentials> credentials(String username) {
        return jdbc.sql("SELECT password_hash, role, enabled FROM account WHERE username = ?")
                .param(username)
                .query((row, number) -> new Credentials(row.getString("password_hash"),
                        Role.of(row.getString("role")), row.getBoolean("enabled")))
                .optional();
    }

    private static Account account(ResultSet row, int number) throws SQLException {
        return new Account(row.getString("username"), Role.of(row.getString("role")),
                row.getString("customer_id"), row.getString("email"));
    }

    record Credentials(String passwordHash, Role role, boolean enabled) {
    }
}
