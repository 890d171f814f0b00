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

    /** The kinds of row {@link #describe} can show. */
    enum Kind { PROCESS, SERVICE, RELEASE, BUILD, RESOURCE }

    /**
     * The object behind a row as YAML, secret values masked; empty when it is not (or no longer) there. A process
     * is read from the API server in full (the cache keeps slim pods: no env, volumes or probes), so call it off the
     * render thread for {@link Kind#PROCESS}; every other kind reads only the local cache and never blocks.
     */
    java.util.Optional<String> describe(Kind kind, String id);

    /**
     * The recent Events about a process's pod or a service's Deployment/DaemonSet, as {@code kubectl describe}
     * ends with them ({@code Events:} then {@code <none>} when there are none); empty for kinds that have no
     * Events of their own. One read of the API server: call it off the render thread.
     */
    java.util.List<String> events(Kind kind, String id);
}
