package dev.rackside.app.cli;

/** {@code -o table|json}. */
public enum OutputFormat {
    table, json
}
