package dev.foodorder.notification.notifying;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface Notifications extends JpaRepository<Notification, Long>, JpaSpecificationExecutor<Notification> {
}
