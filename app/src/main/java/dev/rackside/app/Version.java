package dev.rackside.app;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest, so --version cannot drift from the build. */
public final class Version implements IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"rackside " + current()};
    }
}
