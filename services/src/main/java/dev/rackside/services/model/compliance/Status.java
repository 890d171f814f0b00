package dev.rackside.services.model.compliance;

/** A check's result on one resource. NOT_APPLICABLE and ERROR never count as a pass. */
public enum Status { PASS, FAIL, NOT_APPLICABLE, ERROR }
