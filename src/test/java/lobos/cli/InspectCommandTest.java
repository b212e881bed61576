package lobos.cli;

import lobos.Json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        var cl = Main.commandLine();
        var out = new StringWriter();
        var err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** An arm64 Image header per Documentation/arch/arm64/booting.rst: 4 KiB pages, placement anywhere. */
    private Path arm64() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, 0x80000).putLong(16, 0x1a00000).putLong(24, 0xa).putInt(0x38, 0x644d5241);
        return Files.write(dir.resolve("Image"), b.array());
    }

    @Test
    void describesAKernelInText() throws IOException {
        Run r = run("inspect", arm64().toString());

        assertThat(r.exit()).isEqualTo(Main.OK);
        assertThat(r.out()).startsWith(dir.resolve("Image") + ": arm64 Image\n");
        assertThat(r.out()).contains("text_offset          0x80000", "page size 4 KiB", "anywhere in 48-bit physical memory");
    }

    @Test
    void describesAKernelInJson() throws IOException {
        Run r = run("inspect", "--json", arm64().toString());

        assertThat(r.exit()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"kind\": \"arm64 Image\"", "\"textOffset\": 524288", "\"pageSize\": 4096",
                "\"placeAnywhere\": true", "\"efiStub\": null");
    }

    @Test
    void nestedImagesCarryTheirKindInJson() throws IOException {
        Path image = arm64();
        Path gz = dir.resolve("Image.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(image));
        }

        Run r = run("inspect", "--json", gz.toString());

        assertThat(r.out()).contains("\"kind\": \"gzip-compressed arm64 Image\"", "\"compression\": \"gzip\"",
                "\"inner\": {\n    \"kind\": \"arm64 Image\"");
        assertThat(run("inspect", gz.toString()).out()).contains("contents             arm64 Image");
    }

    /** Issue 8: 64-bit addresses of 2^63 and more (every x86-64 vmlinux has them) came out negative in JSON. */
    @Test
    void highAddressesAreUnsignedInJson() throws IOException {
        byte[] elf = lobos.image.Synthetic.elf64(62, new byte[64]);
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(24, 0xffffffff81000000L).putLong(64 + 16, 0xffffffff81000000L);
        Path vmlinux = Files.write(dir.resolve("vmlinux"), elf);

        Run r = run("inspect", "--json", vmlinux.toString());

        assertThat(r.exit()).isEqualTo(Main.OK);
        assertThat(r.out()).contains("\"entry\": 18446744071578845184", "\"vaddr\": 18446744071578845184").doesNotContain("-2130706432");
        assertThat(run("inspect", vmlinux.toString()).out()).contains("entry                0xffffffff81000000");
    }

    @Test
    void notAKernelExitsOneWithTheFirstBytes() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.txt"), "hello, world\n");

        Run r = run("inspect", text.toString());

        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).startsWith("lobos: " + text + ": no known kernel format in the data (13 bytes, first bytes: 68 65 6c 6c 6f");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aTruncatedKernelExitsOneNamingTheField() throws IOException {
        byte[] cut = java.util.Arrays.copyOf(Files.readAllBytes(arm64()), 0x3c);
        Path file = Files.write(dir.resolve("cut"), cut);

        Run r = run("inspect", file.toString());

        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("arm64 Image header truncated: field res5 at offset 0x3c needs 4 bytes, file has 60");
    }

    @Test
    void aMissingFileExitsOne() {
        Run r = run("inspect", dir.resolve("absent").toString());

        assertThat(r.exit()).isEqualTo(Main.FAILED);
        assertThat(r.err()).contains("absent: no such file");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("inspect").exit()).isEqualTo(Main.USAGE);
        assertThat(run("inspect", "--no-such-flag", "x").exit()).isEqualTo(Main.USAGE);
        assertThat(run("inspect", "--help").out()).contains("Usage: lobos inspect");
    }
}
