package dev.rackside.services.api;

import dev.rackside.services.model.App;
import dev.rackside.services.model.Feed;
import dev.rackside.services.model.Rack;

/**
 * The live read side of one rack. Feeds start LOADING and fill in as the API answers; nothing here
 * blocks. Close it to stop every watch it opened.
 */
public interface RackReader extends AutoCloseable {

    Rack rack();

    /** The apps, sorted by name, live. */
    Feed<App> apps();

    /**
     * Completes with the first apps snapshot that has each app's HEALTH (the rack's pods read) and, with
     * {@code manifests}, every active release's convox.yml read, so a broken manifest shows on its app. The CLI
     * waits for this; the console shows {@link #apps()} at once.
     */
    java.util.concurrent.CompletableFuture<dev.rackside.services.model.Snapshot<App>> appsComplete(boolean manifests);

    /** The app's namespace as YAML (annotations are the app record), from the local cache. */
    java.util.Optional<String> describeApp(String name);

    /** The rack's instances ({@code convox instances}), read on first use and refreshed while shown. */
    Feed<dev.rackside.services.model.Instance> instances();

    /** The processes of the rack itself, in {@code <rack>-system} ({@code convox rack ps}), live. */
    Feed<dev.rackside.services.model.Process> system();

    /** The read side of one app; opened on first use, kept until the reader closes. */
    AppReader app(String name);

    @Override
    void close();
}
