package dev.foodorder.analytics.streams;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Caps the native memory of every RocksDB store of this process together. Unbounded, Kafka Streams gives
 * each store its own 50 MiB block cache and three 16 MiB memtables; this service has 48 RocksDB stores
 * (per partition: four keyed by order, four keyed by customer), which could take gigabytes off the heap,
 * where -Xmx does not reach. Here all of them share one cache, and their memtables are charged to it.
 *
 * <p>Only the stores that grow with the traffic (keyed by order or customer) are RocksDB stores; the
 * windows and counters, keyed by minute, status or menu item, are few and small and live on the heap.
 *
 * <p>Registered by class name ({@code rocksdb.config.setter}), so it is built by Kafka Streams, once per store.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Block cache, index and filter blocks, and memtables of every store together. */
    private static final long TOTAL_BYTES = 24L * 1024 * 1024;
    private static final long MEMTABLE_BYTES = 8L * 1024 * 1024;
    private static final long MEMTABLE_SIZE = 1024L * 1024;
    private static final int MEMTABLES_PER_STORE = 2;
    private static final long BLOCK_SIZE = 16L * 1024;
    /** Room kept for index and filter blocks, so data blocks cannot evict them. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        var table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(Shared.CACHE);
        table.setBlockSize(BLOCK_SIZE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(Shared.WRITE_BUFFERS);
        options.setWriteBufferSize(MEMTABLE_SIZE);
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store, and live as long as the process.
    }

    /**
     * Made on the first store's configuration, when RocksDB's native library is loaded: Kafka Streams loads
     * this class by name while it reads its configuration, before any store exists.
     */
    private static final class Shared {

        static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, HIGH_PRIORITY_RATIO);
        static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
    }
}
