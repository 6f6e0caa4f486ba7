package dev.foodorder.order.menu;

import org.springframework.data.repository.Repository;

import java.util.List;

/** The menu, read-only: Flyway seeds it. Read through {@link Menu}, which holds it in memory. */
public interface MenuItems extends Repository<MenuItem, String> {

    List<MenuItem> findAllByOrderByName();
}
