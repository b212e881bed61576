package lobos.config;

import java.util.List;
import lobos.config.bls.BlsFormat;
import lobos.config.grub.GrubFormat;
import lobos.config.ipxe.IpxeFormat;
import lobos.config.kboot.KbootFormat;
import lobos.config.syslinux.SyslinuxFormat;

/** Every config format lobos reads, in the order discovery ranks them on one volume. */
public final class ConfigFormats {
    private ConfigFormats() {}

    /**
     * kboot.conf first (lobos's own), then what a disk's installed system maintains, then
     * installer and network media. A new format is one more line here.
     */
    public static List<ConfigFormat> all() {
        return List.of(
                new KbootFormat(),
                new GrubFormat(),
                new BlsFormat(),
                new SyslinuxFormat(),
                new IpxeFormat());
    }
}
