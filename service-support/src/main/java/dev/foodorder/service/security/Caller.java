package dev.foodorder.service.security;

import dev.foodorder.service.api.ForbiddenException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who calls the API, as the access token says: a customer (with the customer id and email the identity
 * service put in the token) or a member of staff. A controller takes it as a parameter; the request
 * never says who it is for itself, so no caller can act as someone else by naming them.
 *
 * <p>What a caller may do at all (scopes, roles) is decided per endpoint before the controller runs
 * ({@link ApiAccess}); which rows a caller may see is decided here, with the rows' owner in hand.
 */
@Hidden
public final class Caller {

    static final String ROLES = "roles";
    static final String CUSTOMER_ID = "customer_id";
    static final String EMAIL = "email";
    static final String CUSTOMER = "customer";
    static final String STAFF = "staff";

    private final String subject;
    private final boolean staff;
    private final Optional<String> customerId;
    private final Optional<String> email;

    private Caller(String subject, boolean staff, Optional<String> customerId, Optional<String> email) {
        this.subject = subject;
        this.staff = staff;
        this.customerId = customerId;
        this.email = email;
    }

    /** The caller a verified token names. */
    public static Caller of(Jwt token) {
        var roles = roles(token);
        var customerId = roles.contains(CUSTOMER) ? Optional.ofNullable(token.getClaimAsString(CUSTOMER_ID)) : Optional.<String>empty();
        return new Caller(token.getSubject(), roles.contains(STAFF), customerId,
                customerId.map(id -> token.getClaimAsString(EMAIL)));
    }

    /** The token's {@code roles} claim: none when it has none. */
    static List<String> roles(Jwt token) {
        return Objects.requireNonNullElse(token.getClaimAsStringList(ROLES), List.of());
    }

    /** The token's subject: the account's username, or the client's id for a client that speaks for no one. */
    public String subject() {
        return subject;
    }

    public boolean isStaff() {
        return staff;
    }

    /** The customer this caller is; empty for staff and for a client that speaks for no customer. */
    public Optional<String> customerId() {
        return customerId;
    }

    /** The signed-in customer's email, as the identity service knows it. */
    public Optional<String> email() {
        return email;
    }

    /** True if the caller may see what belongs to this customer: it is theirs, or the caller is staff. */
    public boolean mayRead(String ownerCustomerId) {
        return staff || customerId.filter(own -> own.equals(ownerCustomerId)).isPresent();
    }

    /**
     * Whose rows a list or a stream shows: for a customer their own (naming another customer is refused),
     * for staff the customer asked for, or everyone's when none was.
     *
     * @return the customer id to filter on, or empty for every customer's rows (staff only)
     * @throws ForbiddenException if a customer names another customer, or the caller is no customer and no staff
     */
    public Optional<String> customerToList(String asked) {
        if (staff) {
            return Optional.ofNullable(asked).filter(id -> !id.isBlank());
        }
        var own = customerId.orElseThrow(() -> new ForbiddenException("Only a customer or staff may list these."));
        if (asked != null && !asked.isBlank() && !asked.equals(own)) {
            throw new ForbiddenException("A customer sees only their own; leave customerId out, or name yourself.");
        }
        return Optional.of(own);
    }
}
