package dev.foodorder.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart over the run's time line, as a standalone SVG a browser or a Markdown viewer shows:
 * one line per series, the steps of the load marked along the time axis with their warm-up shaded,
 * a legend on the right. Latencies use a logarithmic axis, so that 5 ms and 5 s both read.
 */
final class SvgChart {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 340;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 36;
    private static final int BOTTOM = 44;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"};

    private record Series(String name, List<double[]> points, boolean dashed) {
    }

    private record Marker(double from, double measuredFrom, String label) {
    }

    private final String title;
    private final String unit;
    private final boolean logarithmic;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();

    SvgChart(String title, String unit, boolean logarithmic) {
        this.title = title;
        this.unit = unit;
        this.logarithmic = logarithmic;
    }

    /** @param points x (seconds) and y pairs; a NaN y leaves a gap */
    SvgChart line(String name, List<double[]> points) {
        series.add(new Series(name, points, false));
        return this;
    }

    SvgChart dashed(String name, List<double[]> points) {
        series.add(new Series(name, points, true));
        return this;
    }

    /** A step of the load: its warm-up (shaded) and its counted part. */
    SvgChart step(double start, double measuredFrom, String label) {
        markers.add(new Marker(start, measuredFrom, label));
        return this;
    }

    String render() {
        double maxX = 1;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (var s : series) {
            for (var p : s.points()) {
                maxX = Math.max(maxX, p[0]);
                if (usable(p[1])) {
                    minY = Math.min(minY, p[1]);
                    maxY = Math.max(maxY, p[1]);
                }
            }
        }
        for (var m : markers) {
            maxX = Math.max(maxX, m.measuredFrom());
        }
        var axis = logarithmic ? logAxis(minY, maxY) : linearAxis(maxY);
        double lowY = axis.getFirst();
        double highY = axis.getLast();
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        var xMax = maxX;
        DoubleUnaryOperator x = value -> LEFT + value / xMax * plotWidth;
        DoubleUnaryOperator y = value -> {
            var fraction = logarithmic ? (Math.log10(value) - Math.log10(lowY)) / (Math.log10(highY) - Math.log10(lowY))
                    : (value - lowY) / (highY - lowY);
            return TOP + plotHeight - Math.max(0, Math.min(1, fraction)) * plotHeight;
        };

        var svg = new StringBuilder();
        svg.append(format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(format("<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        for (var m : markers) {
            svg.append(format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"#f0f0f0\"/>%n",
                    x.applyAsDouble(m.from()), TOP, x.applyAsDouble(m.measuredFrom()) - x.applyAsDouble(m.from()), plotHeight));
            svg.append(format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"3,3\"/>%n",
                    x.applyAsDouble(m.from()), TOP, x.applyAsDouble(m.from()), TOP + plotHeight));
            svg.append(format("<text x=\"%.1f\" y=\"%d\" fill=\"#555\" font-size=\"11\">%s</text>%n",
                    x.applyAsDouble(m.from()) + 3, TOP + 12, escape(m.label())));
        }
        for (var tick : axis) {
            var ty = y.applyAsDouble(tick);
            svg.append(format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, ty, LEFT + plotWidth, ty));
            svg.append(format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, ty + 4, number(tick)));
        }
        var xStep = niceStep(maxX / 8);
        for (double tick = 0; tick <= maxX + 1e-9; tick += xStep) {
            var tx = x.applyAsDouble(tick);
            svg.append(format("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>%n", tx, TOP + plotHeight, tx, TOP + plotHeight + 4));
            svg.append(format("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", tx, TOP + plotHeight + 17, number(tick)));
        }
        svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>%n", LEFT, TOP, plotWidth, plotHeight));
        svg.append(format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">seconds since the start of the run</text>%n",
                LEFT + plotWidth / 2, HEIGHT - 8));
        svg.append(format("<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                TOP + plotHeight / 2, escape(unit + (logarithmic ? " (log scale)" : ""))));
        for (int i = 0; i < series.size(); i++) {
            var s = series.get(i);
            var colour = COLOURS[i % COLOURS.length];
            var path = new StringBuilder();
            boolean pen = false;
            for (var p : s.points()) {
                if (!usable(p[1]) || (logarithmic && p[1] <= 0)) {
                    pen = false;
                    continue;
                }
                path.append(pen ? " L" : " M").append(format("%.1f %.1f", x.applyAsDouble(p[0]), y.applyAsDouble(p[1])));
                pen = true;
            }
            svg.append(format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>%n", path.toString().strip(),
                    colour, s.dashed() ? " stroke-dasharray=\"6,3\"" : ""));
            var ly = TOP + 8 + i * 18;
            svg.append(format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2.5\"%s/>%n",
                    LEFT + plotWidth + 12, ly, LEFT + plotWidth + 34, ly, colour, s.dashed() ? " stroke-dasharray=\"6,3\"" : ""));
            svg.append(format("<text x=\"%.1f\" y=\"%d\">%s</text>%n", LEFT + plotWidth + 40, ly + 4, escape(s.name())));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static boolean usable(double value) {
        return !Double.isNaN(value) && !Double.isInfinite(value);
    }

    private static List<Double> linearAxis(double max) {
        var step = niceStep((usable(max) && max > 0 ? max : 1) / 5);
        var ticks = new ArrayList<Double>();
        for (double tick = 0; ; tick += step) {
            ticks.add(tick);
            if (tick >= max) {
                return ticks;
            }
        }
    }

    private static List<Double> logAxis(double min, double max) {
        if (!usable(min) || min <= 0) {
            min = 1;
        }
        if (!usable(max) || max <= min) {
            max = min * 10;
        }
        var ticks = new ArrayList<Double>();
        for (var exponent = Math.floor(Math.log10(min)); exponent <= Math.ceil(Math.log10(max)); exponent++) {
            ticks.add(Math.pow(10, exponent));
        }
        if (ticks.size() < 2) {
            ticks.add(ticks.getFirst() * 10);
        }
        return ticks;
    }

    /** 1, 2 or 5 times a power of ten: ticks a person reads at a glance. */
    static double niceStep(double rough) {
        if (rough <= 0 || !usable(rough)) {
            return 1;
        }
        var power = Math.pow(10, Math.floor(Math.log10(rough)));
        var fraction = rough / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
