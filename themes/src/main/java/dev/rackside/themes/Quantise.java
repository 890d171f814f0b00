package dev.rackside.themes;

/**
 * Nearest-colour mapping from RGB to the xterm 256-colour palette (6x6x6 cube plus grey ramp) and to the
 * 16 ANSI colours, by squared distance in RGB.
 */
public final class Quantise {
    private static final int[] CUBE = {0, 95, 135, 175, 215, 255};
    /** The 16 ANSI colours as xterm draws them, in ANSI order (black, red, green, yellow, blue, magenta, cyan, white, then bright). */
    static final int[][] ANSI = {
        {0, 0, 0}, {205, 0, 0}, {0, 205, 0}, {205, 205, 0}, {0, 0, 238}, {205, 0, 205}, {0, 205, 205},
        {229, 229, 229}, {127, 127, 127}, {255, 0, 0}, {0, 255, 0}, {255, 255, 0}, {92, 92, 255},
        {255, 0, 255}, {0, 255, 255}, {255, 255, 255}};

    private Quantise() {
    }

    /** The theme's own index if it gave one, else the nearest palette entry (16-255). */
    public static int to256(Colour c) {
        if (c.index256().isPresent()) {
            return c.index256().get();
        }
        int ri = nearestCube(c.r());
        int gi = nearestCube(c.g());
        int bi = nearestCube(c.b());
        int cubeIndex = 16 + 36 * ri + 6 * gi + bi;
        int cubeDistance = distance(c, CUBE[ri], CUBE[gi], CUBE[bi]);
        int grey = (c.r() + c.g() + c.b()) / 3;
        int greyStep = Math.max(0, Math.min(23, (grey - 8 + 5) / 10));
        int greyLevel = 8 + 10 * greyStep;
        int greyDistance = distance(c, greyLevel, greyLevel, greyLevel);
        return greyDistance < cubeDistance ? 232 + greyStep : cubeIndex;
    }

    /** Index 0-15 of the nearest ANSI colour. */
    public static int to16(Colour c) {
        int best = 0;
        int bestDistance = Integer.MAX_VALUE;
        for (int i = 0; i < ANSI.length; i++) {
            int d = distance(c, ANSI[i][0], ANSI[i][1], ANSI[i][2]);
            if (d < bestDistance) {
                best = i;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int nearestCube(int v) {
        int best = 0;
        for (int i = 1; i < CUBE.length; i++) {
            if (Math.abs(CUBE[i] - v) < Math.abs(CUBE[best] - v)) {
                best = i;
            }
        }
        return best;
    }

    private static int distance(Colour c, int r, int g, int b) {
        int dr = c.r() - r;
        int dg = c.g() - g;
        int db = c.b() - b;
        return dr * dr + dg * dg + db * db;
    }
}
