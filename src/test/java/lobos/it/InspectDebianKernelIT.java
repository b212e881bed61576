package lobos.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import lobos.build.BootImageBuilder;
import lobos.build.DebianKernel;
import lobos.build.KernelTree;
import lobos.cli.Main;
import org.junit.jupiter.api.Test;

/**
 * Scenario d: {@code lobos inspect} on Debian's current kernel. The expected values come from
 * elsewhere: the release from the package's modules directory, the protocol from the two
 * header bytes at 0x206 read here.
 */
class InspectDebianKernelIT {
    @Test
    void reportsTheVersionStringAndBootProtocol() throws Exception {
        KernelTree kernel = DebianKernel.fetch(BootImageBuilder.defaultCache().resolve("debian"), "amd64",
                System.out::println);
        byte[] head = Files.readAllBytes(kernel.image());
        int protocol = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getShort(0x206) & 0xffff;
        String expectedProtocol = (protocol >> 8) + "." + String.format("%02d", protocol & 0xff);

        String out = inspect("inspect", kernel.image().toString());
        assertThat(out).contains(kernel.image() + ": x86 bzImage");
        assertThat(out).containsPattern("kernel version +" + java.util.regex.Pattern.quote(kernel.release()) + " \\(");
        assertThat(out).containsPattern("boot protocol +" + java.util.regex.Pattern.quote(expectedProtocol) + "\n");

        String json = inspect("inspect", "--json", kernel.image().toString());
        assertThat(json).contains("\"kernelVersion\": \"" + kernel.release() + " (");
        assertThat(json).contains("\"protocol\": \"" + expectedProtocol + "\"");
    }

    private static String inspect(String... args) {
        var cl = Main.commandLine();
        var out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute(args)).isEqualTo(Main.OK);
        return out.toString();
    }

}
