package dev.rackside.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QuantiseTest {
    static Colour hex(String h) {
        return Colour.hex(h).orElseThrow();
    }

    @Test
    void mapsToTheXtermCubeAndGreyRamp() {
        assertEquals(196, Quantise.to256(hex("#ff0000")));
        assertEquals(46, Quantise.to256(hex("#00ff00")));
        assertEquals(16, Quantise.to256(hex("#000000")));
        assertEquals(231, Quantise.to256(hex("#ffffff")));
        assertEquals(244, Quantise.to256(hex("#808080")), "mid grey is on the grey ramp");
        assertEquals(67, Quantise.to256(hex("#5f87af")));
        assertEquals(24, Quantise.to256(hex("#5f87af").withIndex(24)), "the theme's own index wins");
    }

    @Test
    void mapsToTheSixteenAnsiColours() {
        assertEquals(9, Quantise.to16(hex("#ff3030")));
        assertEquals(2, Quantise.to16(hex("#00c000")));
        assertEquals(0, Quantise.to16(hex("#101010")));
        assertEquals(15, Quantise.to16(hex("#fafafa")));
    }

    @Test
    void detectsDepthFromTheEnvironment() {
        assertEquals(ColourDepth.MONO, ColourDepth.detect(Map.of("NO_COLOR", "1", "COLORTERM", "truecolor")));
        assertEquals(ColourDepth.TRUECOLOR, ColourDepth.detect(Map.of("COLORTERM", "24bit", "TERM", "xterm")));
        assertEquals(ColourDepth.INDEXED_256, ColourDepth.detect(Map.of("TERM", "tmux-256color")));
        assertEquals(ColourDepth.ANSI_16, ColourDepth.detect(Map.of("TERM", "xterm")));
        assertEquals(ColourDepth.ANSI_16, ColourDepth.detect(Map.of()));
    }

    @Test
    void hexParsingIsStrict() {
        assertEquals(Optional.empty(), Colour.hex("red"));
        assertEquals(Optional.empty(), Colour.hex("#fff"));
        assertEquals("#0a0b0c", hex("#0A0B0C").toHex());
    }
}
