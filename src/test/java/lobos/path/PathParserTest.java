package lobos.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import lobos.path.DeviceRef.Named;
import lobos.path.DeviceRef.Tag;
import lobos.path.DeviceRef.Tagged;
import lobos.path.Location.Booted;
import lobos.path.Location.Device;
import lobos.path.Location.DeviceFile;
import lobos.path.Location.Loader;
import lobos.path.Location.Nfs;
import lobos.path.Location.Relative;
import lobos.path.Location.Url;
import lobos.path.Location.Variable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path example of the kboot paper (Table 1, section 3.4) and slides ("kboot features",
 * "Example session", "Path names (1)-(3)", "Configuration variables"), plus lobos's own forms.
 * Expected values are written by hand from the paper's descriptions.
 */
class PathParserTest {
    /** The kboot paper's Table 1 context: a variable my_kernel, IDE and SCSI disks, cwd /boot. */
    static final PathResolver.Context KBOOT = new PathResolver.Context(
            Set.of("my_kernel"), Set.of("hda1", "hda2", "hda7", "sda2", "sda6", "sda7"), new Booted("/boot"));

    static Named dev(String name) {
        return new Named(name);
    }

    /** text, every reading the parser must give (in order), the reading the KBOOT context picks. */
    static Stream<Arguments> examples() {
        return Stream.of(
                // Table 1 of the paper, row by row
                Arguments.of("my_kernel", List.of(new Variable("my_kernel"), new Device(dev("my_kernel")), new Relative("my_kernel")),
                        new Variable("my_kernel")),
                Arguments.of("/boot/bzImage-2.6.13.2", List.of(new Booted("/boot/bzImage-2.6.13.2")), new Booted("/boot/bzImage-2.6.13.2")),
                Arguments.of("//etc/fstab", List.of(new Loader("/etc/fstab")), new Loader("/etc/fstab")), // "cat //etc/fstab"
                Arguments.of("linux-2.6.14", List.of(new Variable("linux-2.6.14"), new Relative("linux-2.6.14")),
                        new Booted("/boot/linux-2.6.14")), // "cd linux-2.6.14"
                Arguments.of("hda7", List.of(new Variable("hda7"), new Device(dev("hda7")), new Relative("hda7")), new Device(dev("hda7"))),
                Arguments.of("/dev/hda7", List.of(new Device(dev("hda7")), new Booted("/dev/hda7")), new Device(dev("hda7"))),
                Arguments.of("hda1:/bzImage", List.of(new DeviceFile(dev("hda1"), "/bzImage"), new Nfs("hda1", "/bzImage")),
                        new DeviceFile(dev("hda1"), "/bzImage")),
                Arguments.of("hda1:bzImage", List.of(new DeviceFile(dev("hda1"), "/bzImage")), new DeviceFile(dev("hda1"), "/bzImage")),
                Arguments.of("/dev/sda6:/foo/bar", List.of(new DeviceFile(dev("sda6"), "/foo/bar")), new DeviceFile(dev("sda6"), "/foo/bar")),
                Arguments.of("/dev/sda6:foo/bar", List.of(new DeviceFile(dev("sda6"), "/foo/bar")), new DeviceFile(dev("sda6"), "/foo/bar")),
                Arguments.of("server:/home/k/bzImage-a",
                        List.of(new DeviceFile(dev("server"), "/home/k/bzImage-a"), new Nfs("server", "/home/k/bzImage-a")),
                        new Nfs("server", "/home/k/bzImage-a")),
                Arguments.of("http://server/foo", List.of(new Url(Scheme.HTTP, "server", "/foo")), new Url(Scheme.HTTP, "server", "/foo")),
                Arguments.of("ftp://server/foo/bar", List.of(new Url(Scheme.FTP, "server", "/foo/bar")), new Url(Scheme.FTP, "server", "/foo/bar")),
                // the slides
                Arguments.of("/boot/bzImage-2.6.13.4", List.of(new Booted("/boot/bzImage-2.6.13.4")), new Booted("/boot/bzImage-2.6.13.4")),
                Arguments.of("/dev/hda2:/bzImage.26133", List.of(new DeviceFile(dev("hda2"), "/bzImage.26133")),
                        new DeviceFile(dev("hda2"), "/bzImage.26133")),
                Arguments.of("host.my.net:/stuff/kernel", List.of(new Nfs("host.my.net", "/stuff/kernel")), new Nfs("host.my.net", "/stuff/kernel")),
                Arguments.of("./bzImage", List.of(new Relative("bzImage")), new Booted("/boot/bzImage")),
                Arguments.of("//tmp/foo", List.of(new Loader("/tmp/foo")), new Loader("/tmp/foo")),
                Arguments.of("/home/user/kernel/v2.6", List.of(new Booted("/home/user/kernel/v2.6")), new Booted("/home/user/kernel/v2.6")),
                Arguments.of("sda2:/subdir/file", List.of(new DeviceFile(dev("sda2"), "/subdir/file"), new Nfs("sda2", "/subdir/file")),
                        new DeviceFile(dev("sda2"), "/subdir/file")),
                Arguments.of("sda2", List.of(new Variable("sda2"), new Device(dev("sda2")), new Relative("sda2")), new Device(dev("sda2"))),
                Arguments.of("/dev/sda2", List.of(new Device(dev("sda2")), new Booted("/dev/sda2")), new Device(dev("sda2"))),
                Arguments.of("sda2:", List.of(new DeviceFile(dev("sda2"), "/")), new DeviceFile(dev("sda2"), "/")), // "cd sda2:"
                Arguments.of("http://host.faraw.ay/kernels/bzImage", List.of(new Url(Scheme.HTTP, "host.faraw.ay", "/kernels/bzImage")),
                        new Url(Scheme.HTTP, "host.faraw.ay", "/kernels/bzImage")),
                Arguments.of("http://www.mydoma.in/initrd.gz", List.of(new Url(Scheme.HTTP, "www.mydoma.in", "/initrd.gz")),
                        new Url(Scheme.HTTP, "www.mydoma.in", "/initrd.gz")),
                Arguments.of("/boot/bzImage-2.6.13.1", List.of(new Booted("/boot/bzImage-2.6.13.1")), new Booted("/boot/bzImage-2.6.13.1")),
                Arguments.of("/dev/sda7", List.of(new Device(dev("sda7")), new Booted("/dev/sda7")), new Device(dev("sda7"))), // root=/dev/sda7
                Arguments.of("/boot", List.of(new Booted("/boot")), new Booted("/boot")), // "cd /boot"
                // lobos's additions
                Arguments.of("https://boot.example.org/k/vmlinuz?arch=x86_64",
                        List.of(new Url(Scheme.HTTPS, null, null, "boot.example.org", -1, "/k/vmlinuz", "arch=x86_64")),
                        new Url(Scheme.HTTPS, null, null, "boot.example.org", -1, "/k/vmlinuz", "arch=x86_64")),
                Arguments.of("tftp://10.0.2.2/pxelinux.0", List.of(new Url(Scheme.TFTP, "10.0.2.2", "/pxelinux.0")),
                        new Url(Scheme.TFTP, "10.0.2.2", "/pxelinux.0")),
                Arguments.of("tftp://[2001:db8::1]:6969/boot/k",
                        List.of(new Url(Scheme.TFTP, null, null, "2001:db8::1", 6969, "/boot/k", null)),
                        new Url(Scheme.TFTP, null, null, "2001:db8::1", 6969, "/boot/k", null)),
                Arguments.of("ftp://anna:s%40cret@ftp.example.org/pub/vmlinuz",
                        List.of(new Url(Scheme.FTP, "anna", "s@cret", "ftp.example.org", -1, "/pub/vmlinuz", null)),
                        new Url(Scheme.FTP, "anna", "s@cret", "ftp.example.org", -1, "/pub/vmlinuz", null)),
                Arguments.of("sftp://root@build.example.org/home/k/bzImage",
                        List.of(new Url(Scheme.SFTP, "root", null, "build.example.org", -1, "/home/k/bzImage", null)),
                        new Url(Scheme.SFTP, "root", null, "build.example.org", -1, "/home/k/bzImage", null)),
                Arguments.of("HTTP://Server", List.of(new Url(Scheme.HTTP, "server", "/")), new Url(Scheme.HTTP, "server", "/")),
                Arguments.of("nfs://server/export/k", List.of(new Nfs("server", "/export/k")), new Nfs("server", "/export/k")),
                Arguments.of("nfs://192.0.2.1:2049/export/my%20k?vers=3&proto=tcp",
                        List.of(new Nfs("192.0.2.1", 2049, "/export/my k", List.of("vers=3", "proto=tcp"))),
                        new Nfs("192.0.2.1", 2049, "/export/my k", List.of("vers=3", "proto=tcp"))),
                Arguments.of("[2001:db8::1]:/export/k", List.of(new Nfs("2001:db8::1", "/export/k")), new Nfs("2001:db8::1", "/export/k")),
                Arguments.of("192.0.2.1:/export", List.of(new Nfs("192.0.2.1", "/export")), new Nfs("192.0.2.1", "/export")),
                Arguments.of("file:///boot/vmlinuz", List.of(new Loader("/boot/vmlinuz")), new Loader("/boot/vmlinuz")),
                Arguments.of("file://localhost/a%20b", List.of(new Loader("/a b")), new Loader("/a b")),
                Arguments.of("UUID=0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d:/boot/vmlinuz",
                        List.of(new DeviceFile(new Tagged(Tag.UUID, "0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d"), "/boot/vmlinuz")),
                        new DeviceFile(new Tagged(Tag.UUID, "0a3b5c7d-1e2f-4a5b-8c9d-0e1f2a3b4c5d"), "/boot/vmlinuz")),
                Arguments.of("LABEL=EFI SYSTEM:/EFI/boot/bootx64.efi",
                        List.of(new DeviceFile(new Tagged(Tag.LABEL, "EFI SYSTEM"), "/EFI/boot/bootx64.efi")),
                        new DeviceFile(new Tagged(Tag.LABEL, "EFI SYSTEM"), "/EFI/boot/bootx64.efi")),
                Arguments.of("PARTUUID=1234abcd-01:vmlinuz", List.of(new DeviceFile(new Tagged(Tag.PARTUUID, "1234abcd-01"), "/vmlinuz")),
                        new DeviceFile(new Tagged(Tag.PARTUUID, "1234abcd-01"), "/vmlinuz")),
                Arguments.of("PARTLABEL=root:/", List.of(new DeviceFile(new Tagged(Tag.PARTLABEL, "root"), "/")),
                        new DeviceFile(new Tagged(Tag.PARTLABEL, "root"), "/")),
                Arguments.of("LABEL=boot", List.of(new Device(new Tagged(Tag.LABEL, "boot"))), new Device(new Tagged(Tag.LABEL, "boot"))),
                Arguments.of("/dev/mapper/vg-root:/boot/k", List.of(new DeviceFile(dev("mapper/vg-root"), "/boot/k")),
                        new DeviceFile(dev("mapper/vg-root"), "/boot/k")),
                Arguments.of("nvme0n1p2:/vmlinuz", List.of(new DeviceFile(dev("nvme0n1p2"), "/vmlinuz"), new Nfs("nvme0n1p2", "/vmlinuz")),
                        new DeviceFile(dev("nvme0n1p2"), "/vmlinuz")),
                Arguments.of("/dev/foo", List.of(new Device(dev("foo")), new Booted("/dev/foo")), new Booted("/dev/foo")),
                Arguments.of("/dev/", List.of(new Booted("/dev")), new Booted("/dev")),
                Arguments.of("vmlinuz", List.of(new Variable("vmlinuz"), new Device(dev("vmlinuz")), new Relative("vmlinuz")),
                        new Booted("/boot/vmlinuz")),
                Arguments.of("../etc/kboot.conf", List.of(new Relative("../etc/kboot.conf")), new Booted("/etc/kboot.conf")),
                Arguments.of("..", List.of(new Relative("..")), new Booted("/")),
                Arguments.of("a/b:c", List.of(new Relative("a/b:c")), new Booted("/boot/a/b:c")),
                // normalization: ".." never leaves a file system
                Arguments.of("sda1:/../../etc/shadow", List.of(new DeviceFile(dev("sda1"), "/etc/shadow"), new Nfs("sda1", "/etc/shadow")),
                        new DeviceFile(dev("sda1"), "/etc/shadow")),
                Arguments.of("/boot//./grub/../vmlinuz", List.of(new Booted("/boot/vmlinuz")), new Booted("/boot/vmlinuz")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesEveryExample(String text, List<Location> readings, Location resolved) {
        ParsedPath parsed = PathParser.parse(text);
        assertThat(parsed.readings()).containsExactlyElementsOf(readings);
        assertThat(parsed.sha256()).isNull();
        assertThat(new PathResolver(KBOOT).resolve(parsed)).isEqualTo(resolved);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void canonicalTextReadsBackAsTheSameLocation(String text, List<Location> readings, Location resolved) {
        for (Location reading : readings) {
            assertThat(PathParser.parse(reading.text()).readings()).as(reading.text()).contains(reading);
        }
    }

    @Test
    void canonicalTexts() {
        assertThat(new Loader("/etc/fstab").text()).isEqualTo("//etc/fstab");
        assertThat(new Relative("bzImage").text()).isEqualTo("./bzImage");
        assertThat(new Relative("../x").text()).isEqualTo("../x");
        assertThat(new DeviceFile(dev("sda2"), "/subdir").text()).isEqualTo("/dev/sda2:/subdir");
        assertThat(new Nfs("host.my.net", "/stuff/kernel").text()).isEqualTo("host.my.net:/stuff/kernel");
        assertThat(new Nfs("sda", "/x").text()).isEqualTo("nfs://sda/x");
        assertThat(new Nfs("2001:db8::1", 2049, "/a b", List.of("vers=4")).text()).isEqualTo("nfs://[2001:db8::1]:2049/a%20b?vers=4");
        assertThat(new Url(Scheme.FTP, "anna", "s@cret", "h", 2121, "/x", null).text()).isEqualTo("ftp://anna:s%40cret@h:2121/x");
        assertThat(new Url(Scheme.FTP, "anna", "s@cret", "h", 2121, "/x", null).redacted()).isEqualTo("ftp://anna:***@h:2121/x");
        assertThat(new Booted("/dev/a:b").text()).isEqualTo("/./dev/a:b");
        assertThat(PathParser.parse("/./dev/a:b").readings()).containsExactly(new Booted("/dev/a:b"));
    }

    /**
     * Fuzz finding (PathParserFuzzTestInputs/parse/finding-nfs-url-control-character): a control
     * character written as %XX in an NFS URL came back raw in the short host:/path form, which the
     * parser refuses; the URL form keeps the escape.
     */
    @Test
    void nfsPathWithAControlCharacterKeepsItsEscape() {
        Location nfs = PathParser.parse("nfs://server/a%11b").readings().getFirst();
        assertThat(nfs).isEqualTo(new Nfs("server", "/a\u0011b"));
        assertThat(nfs.text()).isEqualTo("nfs://server/a%11b");
        assertThat(PathParser.parse(nfs.text()).readings()).containsExactly(nfs);
        assertThatThrownBy(() -> PathParser.parse("server:/a\u0011b")).isInstanceOf(PathException.class)
                .hasMessageContaining("control character U+0011");
    }

    @Test
    void urlPathIsPercentDecodedForFileProtocols() {
        Url url = (Url) PathParser.parse("ftp://server/pub/my%20kernel%C3%A9").readings().getFirst();
        assertThat(url.rawPath()).isEqualTo("/pub/my%20kernel%C3%A9");
        assertThat(url.path()).isEqualTo("/pub/my kernelé");
        assertThat(url.effectivePort()).isEqualTo(21);
        assertThat(new Url(Scheme.HTTPS, "h", "/").effectivePort()).isEqualTo(443);
    }

    @Test
    void integritySuffixOnAnyForm() {
        String hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"; // sha256("test")
        for (String path : List.of("/boot/vmlinuz", "//x", "sda1:/k", "server:/k", "http://h/k", "LABEL=b:/k", "./k", "k", "hda7")) {
            ParsedPath parsed = PathParser.parse(path + "#sha256=" + hex.toUpperCase());
            assertThat(parsed.sha256()).as(path).isEqualTo(new Sha256(hex));
            assertThat(parsed.readings()).as(path).isEqualTo(PathParser.parse(path).readings());
        }
        assertThat(new Sha256(hex).matches(java.util.HexFormat.of().parseHex(hex))).isTrue();
    }

    static Stream<Arguments> errors() {
        String hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        return Stream.of(
                Arguments.of("", "empty path"),
                Arguments.of("   ", "empty path"),
                Arguments.of(" /boot/vmlinuz", "white space"),
                Arguments.of("/boot/vmlinuz\n", "control character U+000A at offset 13"),
                Arguments.of("/boot/a\0b", "control character U+0000"),
                Arguments.of("/" + "a".repeat(PathParser.MAX_LENGTH), "longer than 4096"),
                Arguments.of("C:\\boot\\vmlinuz", "is a Windows path"),
                Arguments.of("C:/boot/vmlinuz", "is a Windows path"),
                Arguments.of("c:vmlinuz", "is a Windows path"),
                Arguments.of("\\\\server\\share\\vmlinuz", "is a Windows path"),
                Arguments.of("smb://server/share/vmlinuz", "unknown URL scheme 'smb'"),
                Arguments.of("http:/server/vmlinuz", "a URL needs two slashes: http://"),
                Arguments.of("nfs:server/x", "a URL needs two slashes: nfs://"),
                Arguments.of("http:///vmlinuz", "the URL has no host"),
                Arguments.of("http://server:0/x", "port '0' is not a number from 1 to 65535"),
                Arguments.of("http://server:99999/x", "port '99999'"),
                Arguments.of("http://server:http/x", "port 'http'"),
                Arguments.of("http://ser ver/x", "is not a host name"),
                Arguments.of("http://server/my kernel", "must be percent-encoded (a space is %20)"),
                Arguments.of("http://server/k?a b", "the URL query has a character"),
                Arguments.of("http://server/%zz", "'%' must be followed by two hex digits"),
                Arguments.of("http://server/a%00b", "%00"),
                Arguments.of("http://server/%C3", "not UTF-8"),
                Arguments.of("http://server/x#top", "the only fragment understood is #sha256="),
                Arguments.of("http://[2001:db8::1/x", "bad IPv6 address in brackets"),
                Arguments.of("http://[fe80::1%25eth0]/x", "zone ids"),
                Arguments.of("http://[::1]x/k", "only ':port' may follow ']'"),
                Arguments.of("http://a@b@/x", "user name or password"),
                Arguments.of("http://:pw@h/x", "empty user name"),
                Arguments.of("http://us er@h/x", "user name or password"),
                Arguments.of("tftp://anna@server/x", "TFTP has no user names"),
                Arguments.of("ftp://server/x?y=1", "only HTTP(S) URLs take a ?query"),
                Arguments.of("nfs://server/x?vers=3,proto=tcp", "bad NFS option 'vers=3,proto=tcp'"),
                Arguments.of("nfs://user@server/x", "an NFS URL has no user name"),
                Arguments.of("file://server/x", "a file URL names a file on this machine"),
                Arguments.of("/boot/k#sha256=abc", "expected 64 hex digits, got 3"),
                Arguments.of("/boot/k#sha256=" + "g".repeat(64), "expected 64 hex digits"),
                Arguments.of("#sha256=" + hex, "has a digest but no path"),
                Arguments.of("[2001:db8::1:/x", "IPv6 address in brackets"),
                Arguments.of("[server]:/x", "IPv6 address in brackets"),
                Arguments.of("[2001:db8::1]:x", "[address]:/absolute/path"),
                Arguments.of("fe80::1:/export", "must be in brackets"),
                Arguments.of(":/export", "nothing before ':'"),
                Arguments.of("anna@server:/home", "for SSH use sftp://user@host/path"),
                Arguments.of("host.my.net:stuff", "is not a device name (an NFS path needs host:/absolute/path)"),
                Arguments.of("UUID=:/boot", "UUID= needs a value"),
                Arguments.of("LABEL=", "LABEL= needs a value"),
                Arguments.of("/dev/:x", "'/dev/' is not a device name"),
                Arguments.of("/dev/../etc:x", "is not a device name"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("errors")
    void rejectsWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> PathParser.parse(text))
                .isInstanceOf(PathException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((PathException) e).hint()).isNotBlank());
    }

    @Test
    void unknownFormsListTheAcceptedOnes() {
        assertThatThrownBy(() -> PathParser.parse("gopher://h/x"))
                .isInstanceOf(PathException.class)
                .hasMessage("cannot understand path 'gopher://h/x': unknown URL scheme 'gopher'")
                .satisfies(e -> assertThat(((PathException) e).hint())
                        .contains("DEVICE:/path", "host:/path", "UUID=", "PARTLABEL=", "https://", "tftp://", "sftp://", "#sha256="));
    }
}
