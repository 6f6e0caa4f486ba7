package dev.foodorder.systemtest;

import java.util.List;

/**
 * What the books showed at one moment.
 *
 * @param lost       orders with something missing: unknown to a service, never final, or a notification short
 * @param duplicated orders with something twice: an order nobody placed, an answer or a notification too many
 * @param problems   every discrepancy, in words; the books balance when there is none
 */
record Audit(int placed, int confirmed, int rejected, int cancelled, int lost, int duplicated, List<String> problems) {

    boolean balanced() {
        return problems.isEmpty();
    }
}
