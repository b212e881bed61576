package lobos.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import lobos.path.DeviceRef.Named;
import lobos.path.Location.Booted;
import lobos.path.Location.Device;
import lobos.path.Location.DeviceFile;
import lobos.path.Location.Loader;
import lobos.path.Location.Nfs;
import lobos.path.Location.Relative;
import lobos.path.Location.Url;
import lobos.path.Location.Variable;
import org.junit.jupiter.api.Test;

class PathResolverTest {
    static PathResolver resolver(Set<String> variables, Set<String> devices, Location cwd) {
        return new PathResolver(new PathResolver.Context(variables, devices, cwd));
    }

    @Test
    void aVariableWinsOnlyWhenItIsDefined() {
        assertThat(resolver(Set.of("sda2"), Set.of(), null).resolve("sda2")).isEqualTo(new Variable("sda2"));
        assertThat(resolver(Set.of(), Set.of(), null).resolve("sda2")).isEqualTo(new Device(new Named("sda2")));
        assertThat(resolver(Set.of(), Set.of(), null).resolve("my_kernel")).isEqualTo(new Relative("my_kernel"));
    }

    @Test
    void knownDevicesNeedNotLookLikeKernelNames() {
        // a device the kernel named unusually (or a test's fake /sys) counts once /sys lists it
        assertThat(resolver(Set.of(), Set.of("server"), null).resolve("server:/x")).isEqualTo(new DeviceFile(new Named("server"), "/x"));
        assertThat(resolver(Set.of(), Set.of(), null).resolve("server:/x")).isEqualTo(new Nfs("server", "/x"));
        assertThat(resolver(Set.of(), Set.of("bootdisk"), null).resolve("/dev/bootdisk")).isEqualTo(new Device(new Named("bootdisk")));
        // sdb1 may be a USB disk that is not there yet: its form says device
        assertThat(resolver(Set.of(), Set.of(), null).resolve("sdb1:/vmlinuz")).isEqualTo(new DeviceFile(new Named("sdb1"), "/vmlinuz"));
    }

    @Test
    void slidesNavigation() {
        // kboot: cd sda2:   ->  /dev/sda2:/   then   cd subdir  ->  /dev/sda2:/subdir
        PathResolver r = resolver(Set.of(), Set.of("sda2"), new Booted("/"));
        Location root = r.resolve("sda2:");
        assertThat(root.text()).isEqualTo("/dev/sda2:/");
        Location subdir = new PathResolver(r.context().withCwd(root)).resolve("subdir");
        assertThat(subdir).isEqualTo(new DeviceFile(new Named("sda2"), "/subdir"));
        assertThat(subdir.text()).isEqualTo("/dev/sda2:/subdir");
    }

    @Test
    void relativePathsJoinEveryKindOfDirectory() {
        assertThat(resolver(Set.of(), Set.of(), new Loader("/tmp")).resolve("../etc/x")).isEqualTo(new Loader("/etc/x"));
        assertThat(resolver(Set.of(), Set.of(), new Nfs("srv", 2049, "/export", List.of("vers=3"))).resolve("k/bzImage"))
                .isEqualTo(new Nfs("srv", 2049, "/export/k/bzImage", List.of("vers=3")));
        assertThat(resolver(Set.of(), Set.of(), new Relative("a")).resolve("../../b")).isEqualTo(new Relative("../b"));
        assertThat(resolver(Set.of(), Set.of(), null).resolve("./k")).isEqualTo(new Relative("k"));
    }

    @Test
    void relativePathsAgainstAUrlFollowRfc3986() {
        Url base = new Url(Scheme.HTTP, null, null, "boot.example.org", 8080, "/cfg/pxelinux.cfg/default", "x=1");
        assertThat(resolver(Set.of(), Set.of(), base).resolve("../images/vmlinuz"))
                .isEqualTo(new Url(Scheme.HTTP, null, null, "boot.example.org", 8080, "/cfg/images/vmlinuz", null));
        assertThat(resolver(Set.of(), Set.of(), base).resolve("my kernel"))
                .isEqualTo(new Url(Scheme.HTTP, null, null, "boot.example.org", 8080, "/cfg/pxelinux.cfg/my%20kernel", null));
    }

    @Test
    void aDeviceOrVariableIsNoDirectory() {
        assertThatThrownBy(() -> resolver(Set.of(), Set.of(), new Device(new Named("hda7"))).resolve("./x"))
                .isInstanceOf(PathException.class)
                .hasMessageContaining("the current directory '/dev/hda7' is not a directory");
    }

    @Test
    void absoluteFormsIgnoreTheCurrentDirectory() {
        PathResolver r = resolver(Set.of(), Set.of(), new Booted("/boot"));
        assertThat(r.resolve("/x")).isEqualTo(new Booted("/x"));
        assertThat(r.resolve("//x")).isEqualTo(new Loader("/x"));
    }
}
