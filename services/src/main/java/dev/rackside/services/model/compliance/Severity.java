package dev.rackside.services.model.compliance;

public enum Severity { CRITICAL, HIGH, MEDIUM, LOW }
