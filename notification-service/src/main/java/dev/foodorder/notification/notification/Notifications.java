package dev.foodorder.notification.notification;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

import java.time.Instant;
import java.util.List;

public interface Notifications extends JpaRepository<Notification, Long>, JpaSpecificationExecutor<Notification> {

    /**
     * Locks the notifications due for an attempt, oldest due first. Rows another dispatcher has
     * locked are skipped rather than waited for, so instances share the work without blocking.
     */
    @Query(value = """
            SELECT * FROM notification
            WHERE next_attempt_at <= :now
            ORDER BY next_attempt_at, id
            LIMIT :limit
            FOR UPDATE SKIP LOCKED
            """, nativeQuery = true)
    List<Notification> lockDue(Instant now, int limit);
}
