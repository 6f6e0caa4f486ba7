package dev.foodorder.order.ordering;

import org.springframework.data.domain.Page;

import java.util.List;

/** One page of orders, newest first. Pages are numbered from 0. */
record OrderPage(List<OrderSummary> orders, int page, int size, long totalElements, int totalPages) {

    static OrderPage of(Page<Order> page) {
        return new OrderPage(page.map(OrderSummary::of).getContent(), page.getNumber(), page.getSize(),
                page.getTotalElements(), page.getTotalPages());
    }
}
