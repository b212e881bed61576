package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelLookupTest {
    @TempDir
    Path root;

    private KernelLookup lookup;

    @BeforeEach
    void setUp() throws IOException {
        for (String f : new String[] {"boot/vmlinuz-6.1.0-56-amd64", "boot/initrd.img-6.1.0-56-amd64",
                "boot/vmlinuz-6.1.0-5-amd64", "boot/vmlinuz-6.12.9-amd64", "boot/config-6.1.0-56-amd64",
                "usr/lib/modules/6.13.1-200.fc41.x86_64/vmlinuz", "usr/lib/modules/6.13.1-200.fc41.x86_64/x",
                "usr/src/linux-2.2.13/arch/x86/boot/bzImage"}) {
            Path p = root.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
        Files.writeString(root.resolve("boot/initramfs-6.13.1-200.fc41.x86_64.img"), "x");
        lookup = new KernelLookup(root);
    }

    @Test
    void findsByVersionWithItsInitrd() {
        var found = lookup.find("6.1.0-56");
        assertThat(found.kernel()).isEqualTo(root.resolve("boot/vmlinuz-6.1.0-56-amd64"));
        assertThat(found.initrd()).isEqualTo(root.resolve("boot/initrd.img-6.1.0-56-amd64"));
    }

    @Test
    void exactVersionWinsOverLongerNames() {
        assertThat(lookup.find("6.1.0-5-amd64").kernel()).isEqualTo(root.resolve("boot/vmlinuz-6.1.0-5-amd64"));
    }

    @Test
    void ambiguousNameListsCandidates() {
        assertThatThrownBy(() -> lookup.find("6.1"))
                .isInstanceOf(KexecException.class)
                .hasMessageContaining("matches 4 kernels")
                .hasMessageContaining("vmlinuz-6.1.0-5-amd64")
                .hasMessageContaining("vmlinuz-6.1.0-56-amd64")
                .hasMessageContaining("vmlinuz-6.12.9-amd64")
                .hasMessageContaining("6.13.1-200.fc41.x86_64/vmlinuz");
    }

    @Test
    void findsFedoraStyleAndSourceTrees() {
        var fedora = lookup.find("fc41");
        assertThat(fedora.kernel()).isEqualTo(root.resolve("usr/lib/modules/6.13.1-200.fc41.x86_64/vmlinuz"));
        assertThat(lookup.find("linux-2.2.13").kernel())
                .isEqualTo(root.resolve("usr/src/linux-2.2.13/arch/x86/boot/bzImage"));
    }

    @Test
    void pathsAreTakenAsTheyAre() {
        Path k = root.resolve("boot/vmlinuz-6.12.9-amd64");
        assertThat(lookup.find(k.toString()).kernel()).isEqualTo(k);
        assertThatThrownBy(() -> lookup.find(root.resolve("nope").toString()))
                .hasMessageContaining("no such kernel file");
    }

    @Test
    void unknownNameSaysWhatExists() {
        assertThatThrownBy(() -> lookup.find("7.0"))
                .hasMessageContaining("no kernel matches \"7.0\"")
                .satisfies(e -> assertThat(((KexecException) e).hint()).contains("vmlinuz-6.1.0-56-amd64"));
    }
}
