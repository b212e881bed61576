package lobos.initramfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lobos and GNU cpio (Debian package cpio) read each other's archives. */
class GnuCpioInteropTest {
    private static final long EPOCH = 1_700_000_000L;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    @TempDir
    Path tmp;

    /** Every kind of entry, odd sizes for padding, special permission bits, a non-ASCII name. */
    static InitramfsBuilder sample() {
        byte[] big = new byte[200_001];
        new Random(42).nextBytes(big);
        return new InitramfsBuilder(EPOCH)
                .file("init", "#!/bin/sh\necho hello\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8), 0644)
                .file("etc/empty", new byte[0], 0600)
                .file("bin/busybox", big, 04755)
                .file("usr/share/émoji-✓.txt", "x".getBytes(StandardCharsets.UTF_8), 0444)
                .directory("tmp", 01777)
                .directory("root", 0700)
                .symlink("bin/sh", "busybox")
                .symlink("lib64", "/usr/lib64")
                .charDevice("dev/console", 0600, 5, 1)
                .blockDevice("dev/vda", 0660, 254, 3);
    }

    static byte[] write(InitramfsBuilder b, Compression c) throws IOException {
        var out = new ByteArrayOutputStream();
        b.writeTo(out, c);
        return out.toByteArray();
    }

    @Test
    void gnuCpioListsWhatLobosWrites() throws Exception {
        var b = sample();
        String listing = Tools.text(Tools.run(tmp, write(b, Compression.NONE), "cpio", "-t", "--quiet"));
        assertThat(listing.lines().toList()).containsExactlyElementsOf(b.entries().keySet());

        String verbose = Tools.text(Tools.run(tmp, write(b, Compression.NONE), "cpio", "-tv", "--quiet"));
        // ls -l style: type and permissions, links, owner, group, major, minor (or size), date, name
        assertThat(verbose).containsPattern("(?m)^crw-------\\s+1 root\\s+root\\s+5,\\s+1 .* dev/console$");
        assertThat(verbose).containsPattern("(?m)^brw-rw----\\s+1 root\\s+root\\s+254,\\s+3 .* dev/vda$");
        assertThat(verbose).containsPattern("(?m)^-rwsr-xr-x\\s+1 root\\s+root\\s+200001 .* bin/busybox$");
        assertThat(verbose).containsPattern("(?m)^lrwxrwxrwx\\s+1 root\\s+root\\s+7 .* bin/sh -> busybox$");
        assertThat(verbose).containsPattern("(?m)^drwxrwxrwt\\s+2 root\\s+root\\s+0 .* tmp$");
        assertThat(verbose).containsPattern("(?m)^drwxr-xr-x\\s+3 root\\s+root\\s+0 .* usr$");
        assertThat(verbose).containsPattern("(?m)^drwxr-xr-x\\s+8 root\\s+root\\s+0 .* \\.$");
    }

    @Test
    void gnuCpioExtractsWhatLobosWrites() throws Exception {
        assumeTrue(isRoot(), "extracting device nodes needs root");
        var b = sample();
        Path x = Files.createDirectory(tmp.resolve("x"));
        Tools.run(x, write(b, Compression.NONE), "cpio", "-idm", "--quiet", "--no-absolute-filenames");
        for (var e : b.entries().entrySet()) {
            Path p = x.resolve(e.getKey());
            Node n = e.getValue();
            int mode = (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW);
            assertThat(FileType.of(mode)).as(e.getKey()).isEqualTo(n.type());
            switch (n) {
                case Node.File f -> {
                    assertThat(mode & 07777).as(e.getKey()).isEqualTo(f.permissions());
                    assertThat(Files.readAllBytes(p)).isEqualTo(f.content().open().readAllBytes());
                    assertThat(Files.getLastModifiedTime(p)).isEqualTo(FileTime.fromMillis(EPOCH * 1000));
                }
                case Node.Symlink s -> assertThat(Files.readSymbolicLink(p).toString()).isEqualTo(s.target());
                case Node.Device d -> {
                    assertThat(mode & 07777).isEqualTo(d.permissions());
                    long rdev = (Long) Files.getAttribute(p, "unix:rdev", NOFOLLOW);
                    assertThat(rdev).isEqualTo(((long) d.major() << 8) | d.minor()); // small numbers: the old 16-bit dev_t layout
                }
                case Node.Directory d -> {
                    if (!e.getKey().equals(".")) assertThat(mode & 07777).as(e.getKey()).isEqualTo(d.permissions());
                }
            }
        }
        try (Stream<Path> all = Files.walk(x)) {
            assertThat(all.count()).isEqualTo(b.entries().size());
        }
        Files.delete(x.resolve("lib64")); // its target is outside the temp dir, which makes JUnit warn
    }

    @Test
    void lobosReadsWhatGnuCpioWrites() throws Exception {
        Path src = hostTree();
        for (String format : List.of("newc", "crc")) {
            byte[] archive = Tools.shell(src, "find . | cpio -o --quiet -H " + format);
            var reader = new CpioReader(new ByteArrayInputStream(archive), true);
            Map<String, CpioEntry> read = new HashMap<>();
            for (CpioEntry e; (e = reader.next()) != null; ) read.put(e.name(), e);
            List<String> onHost = new ArrayList<>();
            try (Stream<Path> all = Files.walk(src)) {
                all.forEach(p -> onHost.add(src.relativize(p).toString().isEmpty() ? "." : src.relativize(p).toString()));
            }
            assertThat(read.keySet()).containsExactlyInAnyOrderElementsOf(onHost);
            for (String name : onHost) assertSameAsHost(read.get(name), src.resolve(name), format.equals("crc"));
        }
    }

    @Test
    void sameBytesAsGnuCpioReproducible() throws Exception {
        Path src = hostTree();
        Tools.shell(src, "find . -exec touch -h -d @" + EPOCH + " {} +");
        byte[] gnu = Tools.shell(src, "find . | LC_ALL=C sort | cpio -o --quiet -H newc --reproducible -R 0:0");
        var b = new InitramfsBuilder(EPOCH).tree(".", src);
        b.directory(".", 0755);
        byte[] ours = write(b, Compression.NONE);
        // GNU cpio pads the archive with zeros to its 512-byte block size; lobos pads to 4 bytes
        assertThat(gnu.length).isEqualTo((ours.length + 511) / 512 * 512);
        byte[] padded = java.util.Arrays.copyOf(ours, gnu.length);
        assertThat(padded).isEqualTo(gnu);
    }

    /** A host directory with files of several sizes and modes, nested directories, links and (as root) device nodes. */
    private Path hostTree() throws Exception {
        Path src = Files.createDirectory(tmp.resolve("src"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(src.resolve("a/b/c"));
        Files.createDirectories(src.resolve("a-b"));
        Files.write(src.resolve("a/one"), new byte[] {1});
        Files.write(src.resolve("a/b/three"), new byte[] {1, 2, 3});
        Files.write(src.resolve("a-b/empty"), new byte[0]);
        byte[] big = new byte[70_000];
        new Random(7).nextBytes(big);
        Files.write(src.resolve("big"), big);
        Files.setPosixFilePermissions(src.resolve("big"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(src.resolve("a/b"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("a/b/three"));
        Files.createSymbolicLink(src.resolve("a/dangling"), Path.of("/nowhere/at/all"));
        if (isRoot()) {
            Tools.run(src, new byte[0], "mknod", "-m", "0620", "tty0", "c", "4", "0");
            Tools.run(src, new byte[0], "mknod", "-m", "0600", "sda1", "b", "8", "1");
        }
        return src;
    }

    private static void assertSameAsHost(CpioEntry e, Path p, boolean crc) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,rdev,size", NOFOLLOW);
        int mode = (Integer) a.get("mode");
        assertThat(e.mode()).as(e.name()).isEqualTo(mode & 0xffffffffL);
        assertThat(e.crc()).isEqualTo(crc);
        assertThat(e.uid()).isEqualTo(((Integer) a.get("uid")).longValue());
        assertThat(e.gid()).isEqualTo(((Integer) a.get("gid")).longValue());
        assertThat(e.nlink()).as(e.name()).isEqualTo(((Integer) a.get("nlink")).longValue());
        assertThat(e.mtime()).isEqualTo(Files.getLastModifiedTime(p, NOFOLLOW).toMillis() / 1000);
        switch (e.type()) {
            case FILE -> assertThat(e.data()).isEqualTo(Files.readAllBytes(p));
            case SYMLINK -> assertThat(e.linkTarget()).isEqualTo(Files.readSymbolicLink(p).toString());
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                long rdev = (Long) a.get("rdev");
                assertThat((e.rdevMajor() << 8) | e.rdevMinor()).isEqualTo(rdev);
            }
            default -> assertThat(e.fileSize()).isZero();
        }
    }

    static boolean isRoot() throws IOException, InterruptedException {
        return Tools.text(Tools.run(Path.of("/"), new byte[0], "id", "-u")).trim().equals("0");
    }
}
