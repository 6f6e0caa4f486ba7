package dev.foodorder.service.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OAuth2 scopes the services' APIs ask for: what a client was allowed to do. The identity service
 * grants them (its {@code identity.demo.*-scopes} settings name the same strings); the services check
 * them in their {@link ApiAccess} rules.
 */
public final class Scopes {

    public static final String ORDERS_READ = "orders:read";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String INVENTORY_READ = "inventory:read";
    public static final String INVENTORY_WRITE = "inventory:write";
    public static final String NOTIFICATIONS_READ = "notifications:read";
    public static final String ANALYTICS_READ = "analytics:read";
    public static final String DEAD_LETTERS_REPLAY = "dead-letters:replay";

    /** Each scope with what it allows, as Swagger UI shows them when it signs in. */
    static final Map<String, String> DESCRIBED = described();

    private Scopes() {
    }

    private static Map<String, String> described() {
        var scopes = new LinkedHashMap<String, String>();
        scopes.put(ORDERS_READ, "Read orders (a customer: their own)");
        scopes.put(ORDERS_WRITE, "Place and cancel orders (a customer: their own)");
        scopes.put(NOTIFICATIONS_READ, "Read and stream notifications (a customer: their own)");
        scopes.put(INVENTORY_READ, "Read stock and reservations (staff)");
        scopes.put(INVENTORY_WRITE, "Restock (staff)");
        scopes.put(ANALYTICS_READ, "Read the analytics and the live flow (staff)");
        scopes.put(DEAD_LETTERS_REPLAY, "List and replay dead letters (staff)");
        return scopes;
    }
}
