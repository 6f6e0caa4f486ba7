package dev.foodorder.analytics.figures;

import dev.foodorder.analytics.streams.OrderStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The order figures of the last minutes.
 *
 * @param minutes        one per minute, oldest first, empty minutes included; the last one is still in progress
 * @param rejectionRate  rejected / (confirmed + rejected) over the minutes shown; null if none was settled
 * @param ordersByStatus every order seen, by its current status
 */
@Schema(name = "Figures")
record FiguresView(List<Minute> minutes, Totals totals,
                   @Schema(nullable = true, example = "0.04") Double rejectionRate,
                   Map<OrderStatus, Long> ordersByStatus) {

    /** The minutes from the first to the last, oldest first, from the figures of every partition added up. */
    static FiguresView of(Instant first, Instant last, FiguresShare figures) {
        var minutes = Stream.iterate(first, minute -> !minute.isAfter(last), minute -> minute.plus(FiguresTopology.MINUTE))
                .map(minute -> Minute.of(minute, figures.minutes().getOrDefault(minute, MinuteFigures.NONE)))
                .toList();
        var totals = Totals.of(minutes);
        return new FiguresView(minutes, totals, rejectionRate(totals), figures.ordersByStatus());
    }

    private static Double rejectionRate(Totals totals) {
        var settled = totals.confirmed() + totals.rejected();
        return settled == 0 ? null : (double) totals.rejected() / settled;
    }

    /**
     * One minute of event time.
     *
     * @param start        when the minute began
     * @param outcomeP50Ms the median time from placement to confirmation or rejection of the orders settled
     *                     in this minute, estimated from a histogram; null if none was
     */
    @Schema(name = "FiguresMinute")
    record Minute(Instant start, int placed, int confirmed, int rejected, int cancelled,
                  @Schema(nullable = true) Double outcomeP50Ms,
                  @Schema(nullable = true) Double outcomeP95Ms,
                  @Schema(nullable = true) Double outcomeP99Ms) {

        static Minute of(Instant start, MinuteFigures figures) {
            var outcomes = figures.outcomes();
            return new Minute(start, figures.placed(), figures.confirmed(), figures.rejected(), figures.cancelled(),
                    rounded(outcomes.percentile(0.50)), rounded(outcomes.percentile(0.95)), rounded(outcomes.percentile(0.99)));
        }

        /** To a tenth of a millisecond: the histogram's estimate is no finer. */
        private static Double rounded(Double ms) {
            return ms == null ? null : Math.round(ms * 10) / 10.0;
        }
    }

    /** The minutes shown, added up. */
    @Schema(name = "FiguresTotals")
    record Totals(int placed, int confirmed, int rejected, int cancelled) {

        static Totals of(List<Minute> minutes) {
            return new Totals(minutes.stream().mapToInt(Minute::placed).sum(), minutes.stream().mapToInt(Minute::confirmed).sum(),
                    minutes.stream().mapToInt(Minute::rejected).sum(), minutes.stream().mapToInt(Minute::cancelled).sum());
        }
    }
}
