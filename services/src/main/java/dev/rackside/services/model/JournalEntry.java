package dev.rackside.services.model;

/**
 * A journal line as read back: the record, and the chain fields that were stored with it.
 *
 * @param line the 1-based line number in the file
 */
public record JournalEntry(JournalRecord record, String prev, String hash, int line) {
}
