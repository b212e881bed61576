package lobos;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The import rules of the package table in DESIGN.md, checked on the compiled main classes:
 * the pure packages stay free of the kernel seam, of sockets and of the CLI; only the CLI
 * depends on the CLI; only {@code lobos.linux} calls native code through FFM.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("lobos");
    }

    /** The TFTP classes that are codecs (bytes to records and back), not client or server. */
    private static final Set<String> TFTP_CODECS = Set.of("TftpCodec", "TftpPacket", "TftpOptions", "Netascii",
            "TftpProtocolException", "TftpException", "TftpRemoteException");

    /** Pure packages: parsing, planning and codecs over bytes and records (DESIGN.md: "Pure first"). */
    private static final DescribedPredicate<JavaClass> PURE = describe("are in a pure package (image, initramfs, "
            + "config, path, tftp codecs)", c -> {
                String p = c.getPackageName();
                return p.equals("lobos.image") || p.startsWith("lobos.image.")
                        || p.equals("lobos.initramfs") || p.startsWith("lobos.initramfs.")
                        || p.equals("lobos.config") || p.startsWith("lobos.config.")
                        || p.equals("lobos.path") || p.startsWith("lobos.path.")
                        || p.equals("lobos.tftp") && TFTP_CODECS.contains(topLevel(c).getSimpleName());
            });

    /**
     * Sockets and network channels. {@code java.nio.channels.FileChannel} is a file, not a
     * socket: pure packages may read files through their seams.
     */
    private static final DescribedPredicate<JavaClass> SOCKETS = describe("are sockets or network channels", c -> {
        String n = c.getName();
        return n.equals("java.net.Socket") || n.equals("java.net.ServerSocket") || n.equals("java.net.DatagramSocket")
                || n.equals("java.net.MulticastSocket") || n.equals("java.net.DatagramPacket")
                || n.startsWith("java.nio.channels.") && (n.contains("Socket") || n.contains("Datagram")
                        || n.contains("Selector") || n.contains("Selectable") || n.contains("NetworkChannel"));
    });

    private static JavaClass topLevel(JavaClass c) {
        JavaClass t = c;
        while (t.getEnclosingClass().isPresent()) t = t.getEnclosingClass().get();
        return t;
    }

    @Test
    void purePackagesDoNotCallTheKernel() {
        noClasses().that(PURE).should().dependOnClassesThat().resideInAPackage("lobos.linux..")
                .because("kernel calls go through lobos.linux.Kernel, at the edges").check(classes);
    }

    @Test
    void purePackagesOpenNoSockets() {
        noClasses().that(PURE).should().dependOnClassesThat(SOCKETS)
                .because("protocols are codecs over bytes; sockets live in clients and servers").check(classes);
    }

    @Test
    void onlyTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("lobos.cli..").should().dependOnClassesThat()
                .resideInAPackage("lobos.cli..").because("the CLI is the outermost layer (lobos.Version holds the"
                        + " version everyone prints)").check(classes);
    }

    @Test
    void onlyLobosLinuxUsesTheForeignFunctionApi() {
        noClasses().that().resideOutsideOfPackage("lobos.linux..").should().dependOnClassesThat()
                .resideInAPackage("java.lang.foreign..").because("lobos.linux is the one seam to the kernel")
                .check(classes);
    }

    @Test
    void theBootPathCallsOnlyWhatTheTableAllows() {
        noClasses().that().resideInAPackage("lobos.boot..").should().dependOnClassesThat()
                .resideInAnyPackage("lobos.init..", "lobos.build..", "lobos.server..", "lobos.shell..", "lobos.ssh..")
                .because("init, the shell and SSH build on lobos.boot, not the other way round").check(classes);
    }

    /**
     * Config parsers read files only through {@code VolumeFiles}, which keeps them inside the
     * volume and bounds their size.
     */
    @Test
    void configParsersReadFilesOnlyThroughTheirSeam() {
        noClasses().that().resideInAPackage("lobos.config..")
                .and(describe("are not the file seam", c -> !topLevel(c).getName().equals("lobos.config.VolumeFiles")))
                .should().dependOnClassesThat().haveFullyQualifiedName("java.nio.file.Files")
                .because("one seam decides symlinks, sizes and what is outside a volume").check(classes);
    }
}
