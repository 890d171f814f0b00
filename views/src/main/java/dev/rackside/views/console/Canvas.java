package dev.rackside.views.console;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.graphics.TextGraphics;
import com.googlecode.lanterna.screen.Screen;
import java.time.Instant;

/** What a pane draws on: the frame's inside, the painter (the one place text reaches the screen), the time. */
public record Canvas(Screen screen, TextGraphics graphics, TerminalSize size, Painter painter, Instant now) {
}
