package dev.foodorder.analytics.live;

import java.util.List;

/**
 * How far behind each consumer group is on the watched topics, as the SSE event {@code lag}: for each
 * partition it has committed an offset on, the partition's end offset minus that committed offset.
 */
record ConsumerLag(List<Group> groups) {

    ConsumerLag {
        groups = List.copyOf(groups);
    }

    /** @param total the lag summed over the group's partitions */
    record Group(String group, long total, List<Partition> partitions) {

        Group {
            partitions = List.copyOf(partitions);
        }
    }

    /**
     * @param committed the offset of the next record the group will read
     * @param end       the offset the next record written to the partition will get
     * @param lag       records written but not yet processed by the group
     */
    record Partition(String topic, int partition, long committed, long end, long lag) {
    }
}
