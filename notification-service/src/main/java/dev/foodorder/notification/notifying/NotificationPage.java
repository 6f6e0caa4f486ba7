package dev.foodorder.notification.notifying;

import org.springframework.data.domain.Page;

import java.util.List;

/** One page of notifications, newest first, with what a client needs to ask for the next. */
record NotificationPage(List<NotificationView> items, int page, int size, long totalItems, int totalPages) {

    static NotificationPage of(Page<NotificationView> page) {
        return new NotificationPage(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
                page.getTotalPages());
    }
}
