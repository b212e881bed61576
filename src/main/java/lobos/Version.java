package lobos;

/** The version of lobos: what the CLI's --version, the loader's banner and the image builder print. */
public final class Version {
    private Version() {}

    /** The version from the jar manifest, "dev" when run from classes. */
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
