package dev.foodorder.analytics.flagging;

import java.util.List;

/**
 * The customers flagged in some partitions, at most as many as a view lists: each customer is flagged in one
 * partition only, so the newest of all are among the newest of each share.
 */
record FlaggedCustomersShare(List<FlaggedCustomer> newestFirst) {
}
