package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModulesParametersTest {
    @Test
    void aModulesWordsOnTheCommandLineAreItsParametersAsModprobeReadsThem() {
        String cmdline = "console=ttyS0 memmap=1M$0x50000000 ramoops.mem_address=0x50000000 ramoops.mem_size=0x100000"
                + " virtio-net.napi_tx=1 ramoops. xramoops.x=1 quiet";
        assertThat(Modules.parameters("ramoops", cmdline)).isEqualTo("mem_address=0x50000000 mem_size=0x100000");
        assertThat(Modules.parameters("virtio_net", cmdline)).isEqualTo("napi_tx=1");
        assertThat(Modules.parameters("ext4", cmdline)).isEmpty();
    }
}
