/**
 * Colours and styles for the terminal console. Knows nothing of racks; the TUI issue fills this in.
 */
package dev.rackside.themes;
