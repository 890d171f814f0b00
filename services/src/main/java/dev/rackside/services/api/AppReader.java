package dev.rackside.services.api;

import dev.rackside.services.model.Build;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Process;
import dev.rackside.services.model.Release;
import dev.rackside.services.model.Resource;
import dev.rackside.services.model.Service;

/** The live tables of one app, in the Convox CLI's row order. */
public interface AppReader {

    String app();

    Feed<Process> processes();

    Feed<Service> services();

    /** Newest first; the active one has status "active". */
    Feed<Release> releases();

    /** Newest first. */
    Feed<Build> builds();

    Feed<Resource> resources();
}
