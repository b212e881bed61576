package lobos.kexec;

import java.util.List;
import lobos.image.BzImage;
import lobos.image.Elf;
import lobos.image.KernelImage;
import lobos.image.MultibootImage;
import lobos.linux.SegmentData;

/** From a segment plan and the bytes it names to a laid-out kexec_load image: pure. */
final class Layouts {
    private Layouts() {}

    static KexecImage layout(BootPlan.SegmentLoad plan, byte[] kernel, SegmentData initrd, List<SegmentData> modules,
            SystemMemory memory, LinuxSegments.Extras extras) {
        return switch (plan.format()) {
            case BZIMAGE -> {
                if (!(KernelImage.identify(kernel) instanceof BzImage b)) {
                    throw new KexecException(plan.kernel() + " changed since it was checked: no longer a bzImage",
                            "boot it again");
                }
                yield LinuxSegments.bzImage(kernel, b, initrd, plan.cmdline(), memory, extras);
            }
            case VMLINUX -> LinuxSegments.vmlinux(Elf.parse(kernel), kernel, initrd, plan.cmdline(), memory, extras);
            case MULTIBOOT, MULTIBOOT2 -> {
                if (!(KernelImage.identify(kernel) instanceof MultibootImage mb)) {
                    throw new KexecException(plan.kernel() + " changed since it was checked: no longer a Multiboot kernel",
                            "boot it again");
                }
                List<MultibootSegments.ModuleData> data = new java.util.ArrayList<>();
                for (int i = 0; i < modules.size(); i++) {
                    data.add(new MultibootSegments.ModuleData(modules.get(i), plan.modules().get(i).cmdline()));
                }
                yield MultibootSegments.layout(plan.format() == BootPlan.Format.MULTIBOOT2, kernel, mb, plan.cmdline(),
                        data, memory);
            }
        };
    }
}
