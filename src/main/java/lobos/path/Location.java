package lobos.path;

import java.util.List;

/**
 * Where a file, directory or device is, as a generalized path names it (kboot's Table 1 plus
 * URLs and fstab-style tags). {@link PathParser} turns text into the possible readings and
 * {@link PathResolver} picks one; {@code docs/paths.md} describes every form.
 *
 * <p>Paths inside records are absolute and lexically normalized ("." and ".." removed, ".."
 * never climbs above "/"), so a path can never leave the file system it names.
 */
public sealed interface Location {
    /** The canonical text of this location: parsing it again gives the same location. */
    String text();

    /** A kboot.conf variable (a label): its value is a command for the shell, not a file. */
    record Variable(String name) implements Location {
        public Variable {
            if (name == null || !PathParser.isVariableName(name)) throw new IllegalArgumentException("bad variable name: " + name);
        }

        @Override
        public String text() {
            return name;
        }
    }

    /** {@code /path}: an absolute path in the booted system, whose file systems fstab names. */
    record Booted(String path) implements Location {
        public Booted {
            Segments.requireNormalAbsolute(path);
        }

        @Override
        public String text() {
            // "/dev/x:y" would read back as a file on device x; "/./dev/x:y" does not
            return path.startsWith("/dev/") && path.indexOf(':') >= 0 ? "/." + path : path;
        }
    }

    /** {@code //path}: an absolute path in the loader's own file system (its initramfs and mounts). */
    record Loader(String path) implements Location {
        public Loader {
            Segments.requireNormalAbsolute(path);
        }

        @Override
        public String text() {
            return "/" + path;
        }
    }

    /** A path relative to the current directory; {@link PathResolver} joins it to one when it knows it. */
    record Relative(String path) implements Location {
        public Relative {
            Segments.requireNormalRelative(path);
        }

        @Override
        public String text() {
            boolean up = path.equals(".") || path.equals("..") || path.startsWith("../");
            return up ? path : "./" + path;
        }
    }

    /** {@code device} or {@code /dev/device}: the device itself, e.g. a partition with a boot sector. */
    record Device(DeviceRef device) implements Location {
        public Device {
            if (device == null) throw new IllegalArgumentException("no device");
        }

        @Override
        public String text() {
            return device.text();
        }
    }

    /** {@code device:/path}: a file or directory on the file system of a device. */
    record DeviceFile(DeviceRef device, String path) implements Location {
        public DeviceFile {
            if (device == null) throw new IllegalArgumentException("no device");
            Segments.requireNormalAbsolute(path);
        }

        @Override
        public String text() {
            return device.text() + ":" + path;
        }
    }

    /**
     * {@code host:/path} or {@code nfs://host:port/path?options}: a file or directory on an NFS
     * server.
     *
     * @param host    a host name or an IPv4/IPv6 address (without brackets)
     * @param port    -1 for the default (the server's portmapper/2049)
     * @param options mount options from the URL query ({@code vers=3}, {@code proto=tcp}), in order
     */
    record Nfs(String host, int port, String path, List<String> options) implements Location {
        public Nfs {
            if (!Hosts.valid(host)) throw new IllegalArgumentException("bad host: " + host);
            if (port != -1 && (port < 1 || port > 65535)) throw new IllegalArgumentException("bad port: " + port);
            Segments.requireNormalAbsolute(path);
            options = List.copyOf(options);
            for (String option : options) {
                if (!validOption(option)) throw new IllegalArgumentException("bad NFS option: " + option);
            }
        }

        /**
         * A mount option as the kernel's NFS data string takes it: a key with an optional value,
         * no ',' (it separates options) and no white space.
         */
        public static boolean validOption(String option) {
            return option != null && option.matches("[A-Za-z0-9_]+(=[A-Za-z0-9._:/+-]*)?");
        }

        /** host:/path with no port or options. */
        public Nfs(String host, String path) {
            this(host, -1, path, List.of());
        }

        @Override
        public String text() {
            // host:/path is shorter, but some hosts would read back as something else: a device
            // (sda), a Windows drive (c) or a URL missing its slashes (http); and it has no escapes
            // for the control characters a URL's %XX may have put into the path
            boolean plain = !DeviceNames.looksLikeDevice(host) && host.length() > 1
                    && !host.matches("(?i)https?|ftp|tftp|sftp|nfs|file")
                    && path.chars().noneMatch(c -> c < ' ' || c == 0x7f);
            if (port == -1 && options.isEmpty() && plain) {
                return Hosts.bracketed(host) + ":" + path;
            }
            return "nfs://" + Hosts.bracketed(host) + (port == -1 ? "" : ":" + port) + Percent.encodePath(path)
                    + (options.isEmpty() ? "" : "?" + String.join("&", options));
        }
    }

    /**
     * A URL for the fetchers: HTTP(S), FTP, TFTP or SFTP.
     *
     * @param user     decoded user name, or null
     * @param password decoded password, or null
     * @param host     host name or IP address (IPv6 without brackets)
     * @param port     -1 for the scheme's default
     * @param rawPath  the path as written, percent-encoded, "/" if the URL had none
     * @param rawQuery the query as written, or null (HTTP(S) only)
     */
    record Url(Scheme scheme, String user, String password, String host, int port, String rawPath, String rawQuery)
            implements Location {
        public Url {
            if (scheme == null) throw new IllegalArgumentException("no scheme");
            if (!Hosts.valid(host)) throw new IllegalArgumentException("bad host: " + host);
            if (port != -1 && (port < 1 || port > 65535)) throw new IllegalArgumentException("bad port: " + port);
            if (rawPath == null || !rawPath.startsWith("/")) throw new IllegalArgumentException("bad URL path: " + rawPath);
        }

        /** A URL with no user, password, port or query. */
        public Url(Scheme scheme, String host, String rawPath) {
            this(scheme, null, null, host, -1, rawPath, null);
        }

        /** The port to connect to: the URL's, or the scheme's default. */
        public int effectivePort() {
            return port == -1 ? scheme.defaultPort() : port;
        }

        /** The path with percent escapes decoded (what FTP, TFTP and SFTP ask the server for). */
        public String path() {
            return Percent.decode(rawPath, rawPath);
        }

        @Override
        public String text() {
            StringBuilder s = new StringBuilder(scheme.prefix());
            if (user != null) {
                s.append(Percent.encodeUserInfo(user));
                if (password != null) s.append(':').append(Percent.encodeUserInfo(password));
                s.append('@');
            }
            s.append(Hosts.bracketed(host));
            if (port != -1) s.append(':').append(port);
            s.append(rawPath);
            if (rawQuery != null) s.append('?').append(rawQuery);
            return s.toString();
        }

        /** The text with the password replaced by "***", for logs and error messages. */
        public String redacted() {
            return password == null ? text() : new Url(scheme, user, "***", host, port, rawPath, rawQuery).text();
        }
    }
}
