package dev.rackside.services.compliance;

public enum Severity { CRITICAL, HIGH, MEDIUM, LOW }
