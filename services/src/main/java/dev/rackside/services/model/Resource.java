package dev.rackside.services.model;

/**
 * A resource as {@code convox resources} shows it. The URL's password is masked: secrets are only shown
 * when the operator asks for that one value.
 */
public record Resource(String name, String type, String url) {
}
