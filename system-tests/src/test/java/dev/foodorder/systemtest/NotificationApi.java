package dev.foodorder.systemtest;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The notification service's REST API: what customers were told, and whether it reached them. */
record NotificationApi(Http http) {

    /** Every notification of the customer, newest first, page by page. */
    List<Notification> ofCustomer(String customerId) {
        var notifications = new ArrayList<Notification>();
        for (int page = 0; ; page++) {
            var content = http.get("/api/notifications?size=100&page=%d&customerId=%s".formatted(page, customerId))
                    .as(NotificationPage.class);
            notifications.addAll(content.items());
            if (page + 1 >= content.totalPages()) {
                return notifications;
            }
        }
    }

    /** How many notifications there are, every customer's and the operators'. */
    long total() {
        return http.get("/api/notifications?size=1").json().get("totalItems").asLong();
    }

    /**
     * @param eventId the {@code ce_id} of the event it was made from
     * @param status  PENDING until delivered, then SENT (or FAILED)
     */
    record Notification(long id, UUID eventId, String type, String customerId, UUID orderId, String status) {
    }

    record NotificationPage(List<Notification> items, int totalPages) {
    }
}
