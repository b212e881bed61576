package lobos.build;

import java.util.List;

/**
 * The drivers {@code modules = auto} puts in the image, each with the modules it needs, to be
 * loaded by modalias when their hardware is there (coldplug at boot, hotplug later): the disks,
 * USB sticks and keyboards, and network cards a boot loader most often meets. docs/boot-image.md
 * lists them with what each costs.
 *
 * <p>Left out on purpose: drivers that need firmware files the kernel package does not ship
 * (bnx2x, ice's DDP package), and everything rarer; add those by name.
 */
public final class AutoModules {
    private AutoModules() {}

    /** A driver and the hardware it is for. */
    public record Driver(String name, String hardware) {}

    public static final List<Driver> DRIVERS = List.of(
            new Driver("virtio_pci", "virtio devices on PCI (QEMU, KVM, most clouds)"),
            new Driver("virtio_blk", "virtio disks"),
            new Driver("virtio_scsi", "virtio SCSI disks and CD-ROMs"),
            new Driver("ahci", "SATA controllers"),
            new Driver("nvme", "NVMe SSDs"),
            new Driver("sd_mod", "SCSI, SATA and USB disks"),
            new Driver("sr_mod", "CD and DVD drives"),
            new Driver("xhci_pci", "USB 3 controllers"),
            new Driver("ehci_pci", "USB 2 controllers"),
            new Driver("uhci_hcd", "USB 1.1 controllers (Intel, VIA)"),
            new Driver("ohci_pci", "USB 1.1 controllers (others)"),
            new Driver("usb_storage", "USB sticks and disks"),
            new Driver("uas", "USB disks that speak UAS"),
            new Driver("usbhid", "USB keyboards (for the menu)"),
            new Driver("hid_generic", "USB keyboards (for the menu)"),
            new Driver("virtio_net", "virtio network cards"),
            new Driver("e1000", "Intel PRO/1000 (QEMU's default card)"),
            new Driver("e1000e", "Intel 1 GbE on desktops and laptops"),
            new Driver("igb", "Intel 1 GbE on servers (I350, I210)"),
            new Driver("igc", "Intel 2.5 GbE (I225, I226)"),
            new Driver("ixgbe", "Intel 10 GbE (82599, X540, X550)"),
            new Driver("i40e", "Intel 10/25/40 GbE (X710, XL710)"),
            new Driver("mlx5_core", "Mellanox/NVIDIA ConnectX-4 and later"),
            new Driver("r8169", "Realtek 1 and 2.5 GbE"),
            new Driver("tg3", "Broadcom NetXtreme 1 GbE"));

    public static List<String> names() {
        return DRIVERS.stream().map(Driver::name).toList();
    }
}
