/**
 * Lanterna screens. They read the service layer through its public interfaces and never touch fabric8 or
 * AWS SDK types; the architecture test in {@code test/} enforces that.
 */
package dev.rackside.views;
