package dev.rackside.archfixture.services;

/** A service that draws on the terminal: what the layering rule must reject. */
public class BadService {
    public Object screen(com.googlecode.lanterna.screen.Screen screen) {
        return screen.getTerminalSize();
    }
}
