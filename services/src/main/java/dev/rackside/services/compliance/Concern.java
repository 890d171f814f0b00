package dev.rackside.services.compliance;

/** The auditor's four questions. */
public enum Concern { ISOLATION, RESIDENCY, KEYS, AUDIT }
