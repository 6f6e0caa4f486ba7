package dev.foodorder.inventory.reservation;

import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The inventory's answer to every order it has heard of, by order id. */
public interface Reservations extends Repository<Reservation, UUID> {

    Optional<Reservation> findById(UUID orderId);

    /** Locks the order's reservation, if there is one, until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select r from Reservation r where r.orderId = :orderId")
    Optional<Reservation> lockById(UUID orderId);

    /** The skus the given orders hold or were refused, for locking their stock before a batch touches it. */
    @Query("select distinct l.sku from Reservation r join r.lines l where r.orderId in :orderIds")
    List<String> skusOf(Collection<UUID> orderIds);

    /**
     * Inserts a new reservation (the primary key refuses a second one for the same order, which
     * fails the later of two racing transactions, to be retried) or updates a stored one.
     */
    Reservation save(Reservation reservation);
}
