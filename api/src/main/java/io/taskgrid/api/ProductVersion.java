package io.taskgrid.api;

/** This build's TaskGrid version, as the jars' manifests carry it (a build from a checkout's classes has none). */
public final class ProductVersion {
    public static final String DEVELOPMENT = "development build";

    private ProductVersion() {
    }

    /** "0.1.0", or {@link #DEVELOPMENT} when the classes come from no packaged jar. */
    public static String current() {
        String v = ProductVersion.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? DEVELOPMENT : v;
    }
}
