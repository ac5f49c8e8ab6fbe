package org.entente.server.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.entente.server.ledger.ExchangeRow;

/**
 * The exchange report's chart: object versions sent and received per quarter, as two bars each,
 * laid out here so that the page draws it as SVG with no script (the Content-Security-Policy allows
 * none inline, and nothing needs a charting library). Every number is a coordinate in the SVG's
 * view box; the page also lists the same figures in its table, for those who cannot see the chart.
 */
record ReportChart(List<Bar> bars, long max, int width, int height, List<Tick> ticks) {
    static final int HEIGHT = 200;
    static final int TOP = 10;
    static final int BOTTOM = 30;
    static final int LEFT = 60;
    static final int GROUP = 70;
    static final int BAR = 24;

    /** One quarter's two bars: x of its group, heights and tops of sent and received. */
    record Bar(
            String quarter,
            long sent,
            long received,
            int x,
            int sentTop,
            int sentHeight,
            int receivedTop,
            int receivedHeight) {}

    /** A line across the chart at a value, with its label. */
    record Tick(long value, int y) {}

    ReportChart {
        bars = List.copyOf(bars);
        ticks = List.copyOf(ticks);
        Objects.requireNonNull(bars, "bars");
    }

    public int baseline() {
        return TOP + HEIGHT;
    }

    static ReportChart of(Map<String, ExchangeRow.Flow> quarters) {
        long max = 0;
        for (ExchangeRow.Flow f : quarters.values()) {
            max = Math.max(max, Math.max(f.sentObjects(), f.receivedObjects()));
        }
        long top = niceCeiling(max);
        List<Bar> bars = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, ExchangeRow.Flow> e : quarters.entrySet()) {
            long sent = e.getValue().sentObjects();
            long received = e.getValue().receivedObjects();
            int sh = scaled(sent, top);
            int rh = scaled(received, top);
            int x = LEFT + 10 + i * GROUP;
            bars.add(
                    new Bar(
                            e.getKey(),
                            sent,
                            received,
                            x,
                            TOP + HEIGHT - sh,
                            sh,
                            TOP + HEIGHT - rh,
                            rh));
            i++;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int k = 0; k <= 4; k++) {
            long v = top * k / 4;
            ticks.add(new Tick(v, TOP + HEIGHT - scaled(v, top)));
        }
        return new ReportChart(
                bars,
                top,
                LEFT + 20 + Math.max(1, bars.size()) * GROUP,
                TOP + HEIGHT + BOTTOM,
                ticks);
    }

    private static int scaled(long v, long top) {
        return top == 0 ? 0 : (int) Math.round((double) v * HEIGHT / top);
    }

    /**
     * The top of the scale: four steps of 1, 2 or 5 times a power of ten, the smallest that reaches
     * {@code max}, so that the four lines across the chart fall on round numbers.
     */
    static long niceCeiling(long max) {
        for (long p = 1; ; p *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (4 * m * p >= max) {
                    return 4 * m * p;
                }
            }
        }
    }
}
