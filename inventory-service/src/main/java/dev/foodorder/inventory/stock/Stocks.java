package dev.foodorder.inventory.stock;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The stock of every sku. */
interface Stocks extends Repository<Stock, String> {

    /** For reading only: a stock read this way must not be changed. */
    Optional<Stock> findById(String sku);

    Page<Stock> findAll(Pageable pageable);

    /**
     * Locks the stock rows of the given skus until the transaction ends, and returns those that
     * exist. One statement locks them in sku order, so two transactions that need overlapping skus
     * queue behind each other instead of deadlocking.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select s from Stock s where s.sku in :skus order by s.sku")
    List<Stock> lockInSkuOrder(Collection<String> skus);
}
