package dev.foodorder.order.ordering;

import dev.foodorder.events.OrderId;
import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import java.util.Optional;
import java.util.UUID;

interface Orders extends Repository<Order, UUID> {

    Optional<Order> findById(UUID id);

    /**
     * Loads the order to change its status, locking its row until the transaction ends: a
     * cancellation and the inventory's answer for the same order then run one after the other,
     * and the second sees what the first did.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select o from Order o where o.id = :id")
    Optional<Order> findForUpdate(UUID id);

    long countByStatus(OrderStatus status);

    @Query("select o.status from Order o where o.id = :id")
    Optional<OrderStatus> findStatus(UUID id);

    @Query("""
            select o from Order o
            where (:customerId is null or o.customerId = :customerId)
              and (:status is null or o.status = :status)
            """)
    Page<Order> search(String customerId, OrderStatus status, Pageable pageable);

    default Optional<Order> find(OrderId id) {
        return findById(id.value());
    }

    default Optional<Order> findForUpdate(OrderId id) {
        return findForUpdate(id.value());
    }
}
