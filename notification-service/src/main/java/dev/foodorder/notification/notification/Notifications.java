package dev.foodorder.notification.notification;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface Notifications extends JpaRepository<Notification, Long>, JpaSpecificationExecutor<Notification> {
}
