package dev.foodorder.order.menu;

import org.springframework.data.repository.Repository;

import java.util.Collection;
import java.util.List;

/** The menu, read-only: Flyway seeds it. */
public interface MenuItems extends Repository<MenuItem, String> {

    List<MenuItem> findAllByOrderByName();

    List<MenuItem> findBySkuIn(Collection<String> skus);
}
