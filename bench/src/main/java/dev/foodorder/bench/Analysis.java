package dev.foodorder.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Turns the raw figures (every placement, every order's timestamps, every second's sample) into
 * what the report shows: each step's throughput and latencies over its counted part, and each
 * second's latency percentiles and rates.
 */
final class Analysis {

    /** One order with all that is known of it, times in seconds since the start of the run. */
    record OrderRecord(Placement placement, double due, double answered, Outcomes.Order order, double placed,
                       double decided, double e2eMillis) {
    }

    /**
     * A step's counted part. Rates are per second of it; cores are averages over it. {@code refusedByReason}: the
     * order service's own count of the requests it refused, by reason, from the samples, so within a second of
     * the counted part's bounds; empty where it was not read.
     */
    record StepResult(Step.Window window, long offered, long accepted, long refused, long failed,
                      Map<String, Long> refusedByReason, double offeredPerSecond, double acceptedPerSecond, double settledPerSecond,
                      Latencies accept, Latencies e2e, Map<String, Double> cores, Map<String, Double> waiting,
                      double otherCores, double peakStackRssMiB) {

        /**
         * CPU milliseconds each process group spent per settled order: what an order costs, a figure
         * that other work on the machine changes far less than it changes latency or throughput.
         */
        Map<String, Double> cpuMillisPerOrder() {
            var perOrder = new TreeMap<String, Double>();
            if (settledPerSecond > 0) {
                cores.forEach((group, value) -> perOrder.put(group, value * 1000 / settledPerSecond));
                perOrder.put("stack", stackCores() * 1000 / settledPerSecond);
            }
            return perOrder;
        }

        /** Cores of the services (the identity service among them), Kafka and PostgreSQL, without the driver. */
        double stackCores() {
            return cores.entrySet().stream().filter(e -> !e.getKey().equals(ProcessTable.DRIVER))
                    .mapToDouble(Map.Entry::getValue).sum();
        }
    }

    /** One second of the run. */
    record Second(int second, long due, long accepted, long settled, Latencies accept, Latencies e2e) {
    }

    final List<Step.Window> windows;
    final List<OrderRecord> orders;
    final List<StepResult> steps;
    final List<Second> seconds;
    final List<Sampler.Sample> samples;

    Analysis(List<Placement> placements, Outcomes outcomes, List<Step.Window> windows, List<Sampler.Sample> samples,
             RunClock clock) {
        this.samples = samples;
        this.orders = new ArrayList<>();
        for (var placement : placements) {
            var order = placement.accepted() ? outcomes.find(placement.orderId) : null;
            var decided = order != null && order.decided();
            orders.add(new OrderRecord(placement, placement.dueNanos / 1e9,
                    placement.answeredNanos < 0 ? Double.NaN : placement.answeredNanos / 1e9, order,
                    order == null ? Double.NaN : clock.seconds(order.placedAt()),
                    decided ? clock.seconds(order.updatedAt()) : Double.NaN,
                    decided ? order.e2eMillis() : Double.NaN));
        }
        this.windows = windows;
        this.steps = windows.stream().filter(w -> w.measuredSeconds() > 0).map(this::step).toList();
        this.seconds = seconds();
    }

    private StepResult step(Step.Window window) {
        var counted = counted(window);
        var accepted = counted.stream().filter(o -> o.placement().accepted()).toList();
        var refused = counted.stream().filter(o -> o.placement().status == 503 || o.placement().status == 429).count();
        var settled = orders.stream().filter(o -> window.measures(o.decided())).count();
        var inWindow = samples.stream().filter(s -> window.measures(s.t())).toList();
        double other = 0;
        double peakRss = 0;
        for (var sample : inWindow) {
            other += Math.max(0, sample.machineCores() - sample.cores().values().stream().mapToDouble(Double::doubleValue).sum())
                    / inWindow.size();
            peakRss = Math.max(peakRss, stackRssMiB(sample));
        }
        var seconds = window.measuredSeconds();
        return new StepResult(window, counted.size(), accepted.size(), refused, counted.size() - accepted.size() - refused,
                refusedByReason(samples, window), counted.size() / seconds, accepted.size() / seconds, settled / seconds,
                Latencies.of(accepted.stream().map(o -> o.placement().acceptMillis()).toList()),
                Latencies.of(accepted.stream().filter(o -> !Double.isNaN(o.e2eMillis())).map(OrderRecord::e2eMillis).toList()),
                average(inWindow, Sampler.Sample::cores), average(inWindow, Sampler.Sample::waiting), other, peakRss);
    }

    /** Each group's average of a per-second figure over the samples; a group missing from a sample counts as 0 there. */
    static Map<String, Double> average(List<Sampler.Sample> samples, Function<Sampler.Sample, Map<String, Double>> figure) {
        var average = new TreeMap<String, Double>();
        for (var sample : samples) {
            figure.apply(sample).forEach((group, value) -> average.merge(group, value / samples.size(), Double::sum));
        }
        return average;
    }

    /** The orders due in a step's counted part, whatever became of them. */
    List<OrderRecord> counted(Step.Window window) {
        return orders.stream().filter(o -> o.placement().step == window.step() && o.placement().counted).toList();
    }

    /** The counters' last values in the counted part less their last values before it; samples that read none are skipped. */
    static Map<String, Long> refusedByReason(List<Sampler.Sample> samples, Step.Window window) {
        var before = samples.stream().filter(s -> s.t() < window.measuredFrom()).map(Sampler.Sample::refusedByReason)
                .filter(counts -> !counts.isEmpty()).reduce((earlier, later) -> later);
        var last = samples.stream().filter(s -> window.measures(s.t())).map(Sampler.Sample::refusedByReason)
                .filter(counts -> !counts.isEmpty()).reduce((earlier, later) -> later);
        var refused = new TreeMap<String, Long>();
        if (before.isPresent() && last.isPresent()) {
            last.get().forEach((reason, count) -> {
                var from = before.get().get(reason);
                if (from != null && !Double.isNaN(from) && !Double.isNaN(count)) {
                    refused.put(reason, Math.round(count - from));
                }
            });
        }
        return refused;
    }

    private List<Second> seconds() {
        var end = (int) Math.ceil(orders.stream().mapToDouble(o -> Double.isNaN(o.decided()) ? o.due() : o.decided()).max().orElse(0));
        var accept = new ArrayList<List<Double>>();
        var e2e = new ArrayList<List<Double>>();
        var due = new long[end + 1];
        var acceptedCount = new long[end + 1];
        var settled = new long[end + 1];
        for (int i = 0; i <= end; i++) {
            accept.add(new ArrayList<>());
            e2e.add(new ArrayList<>());
        }
        for (var order : orders) {
            var second = (int) order.due();
            due[second]++;
            if (order.placement().accepted()) {
                acceptedCount[second]++;
                accept.get(second).add(order.placement().acceptMillis());
            }
            if (!Double.isNaN(order.e2eMillis())) {
                // By when the order was placed: a rising line is orders queueing behind earlier ones.
                e2e.get(Math.max(0, Math.min(end, (int) order.placed()))).add(order.e2eMillis());
                settled[Math.max(0, Math.min(end, (int) order.decided()))]++;
            }
        }
        var result = new ArrayList<Second>();
        for (int i = 0; i <= end; i++) {
            result.add(new Second(i, due[i], acceptedCount[i], settled[i], Latencies.of(accept.get(i)), Latencies.of(e2e.get(i))));
        }
        return result;
    }

    /** The memory of the stack without the driver. */
    static double stackRssMiB(Sampler.Sample sample) {
        return sample.rssMiB().entrySet().stream().filter(e -> !e.getKey().equals(ProcessTable.DRIVER))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    double peakStackRssMiB() {
        return samples.stream().mapToDouble(Analysis::stackRssMiB).max().orElse(Double.NaN);
    }

    /** Cores used by processes outside the stack and the driver during the counted parts: other people's work. */
    double otherCores() {
        return steps.stream().mapToDouble(StepResult::otherCores).average().orElse(0);
    }
}
