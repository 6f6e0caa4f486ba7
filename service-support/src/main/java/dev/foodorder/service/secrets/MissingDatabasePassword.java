package dev.foodorder.service.secrets;

/** A database password that start-up found missing, with what to set instead. */
final class MissingDatabasePassword extends IllegalStateException {

    private static final String NOT_GIVEN = "is not set, is blank, or is a placeholder that nothing resolved";

    private final String description;
    private final String action;

    private MissingDatabasePassword(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    static MissingDatabasePassword ofDataSource() {
        return new MissingDatabasePassword(
                "No database password: spring.datasource.password " + NOT_GIVEN + ". Outside the 'local' profile "
                        + "no service has a default one.",
                "Set SPRING_DATASOURCE_PASSWORD (spring.datasource.password) to the secret of this service's database "
                        + "role, or run with the 'local' profile for the local demo's defaults.");
    }

    static MissingDatabasePassword ofFlyway() {
        return new MissingDatabasePassword(
                "No password for the migrations: spring.flyway.user names a role of its own, but spring.flyway.password "
                        + NOT_GIVEN + ".",
                "Set SPRING_FLYWAY_PASSWORD (spring.flyway.password) to the secret of that role, or unset "
                        + "SPRING_FLYWAY_USER (spring.flyway.user) for the migrations to connect as the service does.");
    }

    String description() {
        return description;
    }

    String action() {
        return action;
    }
}
