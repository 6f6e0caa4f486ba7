package dev.foodorder.inventory.reservation;

import org.springframework.data.repository.Repository;

import java.util.Optional;
import java.util.UUID;

/** The inventory's answer to every order it has heard of, by order id. */
interface Reservations extends Repository<Reservation, UUID> {

    Optional<Reservation> findById(UUID orderId);
}
