package lobos.boot;

/**
 * What the loader's own kernel command line says about its configuration sources, as kboot
 * read it: {@code kboot=local} leaves out the booted system's /etc/kboot.conf, and
 * {@code kboot=PATH} (any generalized path: a URL, {@code sda1:/kboot.conf}, an NFS file) adds
 * a kboot.conf read after it. Both may be given.
 *
 * @param local whether {@code kboot=local} was given
 * @param path  the last {@code kboot=} that is not {@code local}, or null
 */
public record ConfigArguments(boolean local, String path) {
    public static final ConfigArguments NONE = new ConfigArguments(false, null);

    public static ConfigArguments parse(String cmdline) {
        boolean local = false;
        String path = null;
        for (String word : cmdline.strip().split("\\s+")) {
            if (!word.startsWith("kboot=")) continue;
            String value = word.substring("kboot=".length());
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (value.equals("local")) local = true;
            else if (!value.isEmpty()) path = value;
        }
        return new ConfigArguments(local, path);
    }
}
