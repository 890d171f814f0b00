package dev.rackside.views.table;

import java.util.ArrayList;
import java.util.List;

/**
 * Which columns fit a width, and how wide. While they all fit, every column gets its natural width. When they
 * do not, columns give way by their shrink priority (highest first: descriptions, domains, commands) until the
 * rest fits, and a {@code ›} at the right edge says some are hidden. Scrolling sideways ({@code →}) shows every
 * column in order after the first (the row's name, which always stays), from the scrolled-to one on, with
 * {@code ‹} marking those left behind.
 */
public record ColumnLayout(List<Integer> shown, int[] widths, boolean hiddenLeft, boolean hiddenRight) {
    private static final int GAP = 2;

    /**
     * @param natural the widest cell of each column (header included)
     * @param shrink  each column's shrink priority (0 never gives way)
     * @param offset  how many columns the operator scrolled right (0: none)
     */
    public static ColumnLayout of(int[] natural, List<Integer> shrink, int available, int offset) {
        int n = natural.length;
        List<Integer> candidates = new ArrayList<>();
        if (offset <= 0) {
            boolean[] dropped = new boolean[n];
            List<Integer> byShrink = new ArrayList<>();
            for (int i = 1; i < n; i++) {
                if (shrink.get(i) > 0) {
                    byShrink.add(i);
                }
            }
            byShrink.sort((a, b) -> shrink.get(b) != shrink.get(a).intValue() ? Integer.compare(shrink.get(b),
                    shrink.get(a)) : Integer.compare(b, a));
            for (int c : byShrink) {
                if (width(natural, dropped) <= available) {
                    break;
                }
                dropped[c] = true;
            }
            for (int i = 0; i < n; i++) {
                if (!dropped[i]) {
                    candidates.add(i);
                }
            }
        } else {
            candidates.add(0);
            for (int i = Math.min(n - 1, 1 + offset); i < n; i++) {
                candidates.add(i);
            }
        }
        List<Integer> shown = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        int used = 0;
        for (int c : candidates) {
            int gap = shown.isEmpty() ? 0 : GAP;
            int room = available - used - gap - 1; // keep a column for the marker
            if (!shown.isEmpty() && room < Math.min(natural[c], 3)) {
                break;
            }
            int w = Math.max(0, Math.min(natural[c], room));
            shown.add(c);
            widths.add(w);
            used += gap + w;
        }
        boolean right = shown.size() < candidates.size() || candidates.size() < n - Math.max(0, offset)
                || (offset <= 0 && candidates.size() < n);
        int[] out = widths.stream().mapToInt(Integer::intValue).toArray();
        if (out.length > 0 && !right) {
            out[out.length - 1] += Math.max(0, available - used);
        }
        return new ColumnLayout(List.copyOf(shown), out, offset > 0, right);
    }

    private static int width(int[] natural, boolean[] dropped) {
        int used = 0;
        int count = 0;
        for (int i = 0; i < natural.length; i++) {
            if (!dropped[i]) {
                used += natural[i] + (count++ > 0 ? GAP : 0);
            }
        }
        return used;
    }
}
