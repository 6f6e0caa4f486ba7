package dev.foodorder.analytics.figures;

/**
 * What happened to orders in one minute of event time, as far as one partition saw it: the REST view
 * adds up the partitions' parts.
 *
 * @param outcomes the times from placement to confirmation or rejection of the orders settled in this minute
 */
record MinuteFigures(int placed, int confirmed, int rejected, int cancelled, OutcomeHistogram outcomes) {

    static final MinuteFigures NONE = new MinuteFigures(0, 0, 0, 0, OutcomeHistogram.EMPTY);

    MinuteFigures withPlaced() {
        return new MinuteFigures(placed + 1, confirmed, rejected, cancelled, outcomes);
    }

    /** @param outcomeMs the order's time to outcome, or null if its placement was not seen */
    MinuteFigures withConfirmed(Long outcomeMs) {
        return new MinuteFigures(placed, confirmed + 1, rejected, cancelled, withOutcome(outcomeMs));
    }

    /** @param outcomeMs the order's time to outcome, or null if its placement was not seen */
    MinuteFigures withRejected(Long outcomeMs) {
        return new MinuteFigures(placed, confirmed, rejected + 1, cancelled, withOutcome(outcomeMs));
    }

    MinuteFigures withCancelled() {
        return new MinuteFigures(placed, confirmed, rejected, cancelled + 1, outcomes);
    }

    MinuteFigures plus(MinuteFigures other) {
        return new MinuteFigures(placed + other.placed, confirmed + other.confirmed, rejected + other.rejected,
                cancelled + other.cancelled, outcomes.plus(other.outcomes));
    }

    private OutcomeHistogram withOutcome(Long outcomeMs) {
        return outcomeMs == null ? outcomes : outcomes.record(outcomeMs);
    }
}
