package dev.rackside.views.style;

import com.googlecode.lanterna.TextColor;
import dev.rackside.themes.Colour;
import dev.rackside.themes.ColourDepth;
import dev.rackside.themes.Quantise;
import dev.rackside.themes.Role;
import dev.rackside.themes.Theme;
import java.util.EnumMap;
import java.util.Map;

/**
 * A theme resolved for this terminal: every role as the Lanterna colour the terminal can show (RGB,
 * 256-colour index, one of 16, or the terminal's default in mono). Passed explicitly, never global.
 */
public final class Palette {
    private final Theme theme;
    private final ColourDepth depth;
    private final Map<Role, TextColor> colours = new EnumMap<>(Role.class);

    public Palette(Theme theme, ColourDepth depth) {
        this.theme = theme;
        this.depth = theme.monochrome() ? ColourDepth.MONO : depth;
        for (Role r : Role.values()) {
            colours.put(r, convert(theme.colour(r)));
        }
    }

    public TextColor of(Role role) {
        return colours.get(role);
    }

    public TextColor border(String tier) {
        return convert(theme.border(tier));
    }

    public boolean mono() {
        return depth == ColourDepth.MONO;
    }

    public Theme theme() {
        return theme;
    }

    public ColourDepth depth() {
        return depth;
    }

    private TextColor convert(Colour c) {
        switch (depth) {
            case TRUECOLOR:
                return new TextColor.RGB(c.r(), c.g(), c.b());
            case INDEXED_256:
                return new TextColor.Indexed(Quantise.to256(c));
            case ANSI_16:
                return ansi(Quantise.to16(c));
            default:
                return TextColor.ANSI.DEFAULT;
        }
    }

    private static TextColor ansi(int index) {
        TextColor.ANSI[] order = {TextColor.ANSI.BLACK, TextColor.ANSI.RED, TextColor.ANSI.GREEN,
            TextColor.ANSI.YELLOW, TextColor.ANSI.BLUE, TextColor.ANSI.MAGENTA, TextColor.ANSI.CYAN,
            TextColor.ANSI.WHITE, TextColor.ANSI.BLACK_BRIGHT, TextColor.ANSI.RED_BRIGHT,
            TextColor.ANSI.GREEN_BRIGHT, TextColor.ANSI.YELLOW_BRIGHT, TextColor.ANSI.BLUE_BRIGHT,
            TextColor.ANSI.MAGENTA_BRIGHT, TextColor.ANSI.CYAN_BRIGHT, TextColor.ANSI.WHITE_BRIGHT};
        return order[index];
    }
}
