package dev.rackside.services.model.compliance;

/** The auditor's four questions. */
public enum Concern { ISOLATION, RESIDENCY, KEYS, AUDIT }
