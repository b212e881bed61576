package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lobos.linux.RecordingKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurvivingLogTest {
    @TempDir
    Path dir;

    @Test
    void theLoadersCommandLineNamesTheRegionWithRamoopssDefaults() throws Exception {
        SurvivingLog log = new SurvivingLog(dir);
        assertThat(log.active()).isEmpty();
        Files.createDirectories(dir.resolve("proc"));
        Files.writeString(dir.resolve("proc/cmdline"), "console=ttyS0 memmap=0x100000$0x50000000"
                + " ramoops.mem_address=0x50000000 ramoops.mem_size=1048576 ramoops.record_size=0x10000"
                + " ramoops.console_size=0x40000 ramoops.pmsg_size=0x30000 quiet\n");
        SurvivingLog.Ramoops r = log.active().orElseThrow();
        // pmsg_size is rounded down to a power of two as ramoops does; ftrace_size takes its default of 4096.
        assertThat(r.parameters()).isEqualTo("memmap=0x100000$0x50000000 ramoops.mem_address=0x50000000"
                + " ramoops.mem_size=0x100000 ramoops.record_size=0x10000 ramoops.console_size=0x40000"
                + " ramoops.pmsg_size=0x20000 ramoops.ftrace_size=0x1000");
        assertThat(SurvivingLog.appendTo("root=/dev/vda1", r)).isEqualTo("root=/dev/vda1 " + r.parameters());
        assertThat(SurvivingLog.appendTo("ramoops.mem_address=0x1000 x", r)).isEqualTo("ramoops.mem_address=0x1000 x");
        assertThat(SurvivingLog.fromCmdline("ramoops.mem_size=0x100000")).isEmpty();
        assertThat(SurvivingLog.fromCmdline("ramoops.mem_address=0x5000 ramoops.mem_size=zz")).isEmpty();
        assertThat(SurvivingLog.number("0755")).isEqualTo(493);
    }

    @Test
    void dmesgZonesAreLaidOutAsRamoopsProbeDoes() {
        // 1 MiB - console 0x40000 - pmsg 0x40000 - ftrace 0x1000 = 0x7f000 for records of 0x10000:
        // 7 records, each 0x7f000 / 7 = 0x12249 bytes (ramoops divides the space evenly).
        var r = new SurvivingLog.Ramoops(0x50000000L, 0x100000, 0x10000, 0x40000, 0x40000, 0x1000);
        assertThat(r.dmesgZones()).hasSize(7).startsWith(0x50000000L, 0x50012249L);
        assertThat(new SurvivingLog.Ramoops(0x1000, 0x10000, 0x20000, 0, 0, 0).dmesgZones()).isEmpty();
    }

    @Test
    void theSessionBecomesRamoopsRecordsWithTheirHeaders() {
        var r = new SurvivingLog.Ramoops(0x50000000L, 0x4000, 0x1000, 0x1000, 0, 0); // three records of 4 KiB
        String text = "x".repeat(5000) + "END\n";
        List<Placement.Chunk> records = SurvivingLog.records(r, text, 1_700_000_000_123_456L);
        assertThat(records).hasSize(2);
        ByteBuffer first = ByteBuffer.wrap(records.get(0).data()).order(ByteOrder.LITTLE_ENDIAN);
        String header = "====1700000000.123456-D\n";
        assertThat(records.get(0).address()).isEqualTo(0x50000000L);
        assertThat(first.getInt(0)).isEqualTo(0x43474244);          // "DBGC"
        assertThat(first.getInt(4)).isZero();                        // start
        assertThat(first.getInt(8)).isEqualTo(4096 - 12);            // size: the zone is full
        assertThat(new String(records.get(0).data(), 12, header.length(), StandardCharsets.US_ASCII)).isEqualTo(header);
        assertThat(records.get(1).address()).isEqualTo(0x50001000L);
        String second = new String(records.get(1).data(), 12, records.get(1).data().length - 12, StandardCharsets.US_ASCII);
        assertThat(second).startsWith(header).endsWith("xEND\n");
        int room = 4096 - 12 - header.length();
        assertThat(second.length() - header.length()).isEqualTo(text.length() - room);
        // Too much text for the zones: the end is kept.
        List<Placement.Chunk> cut = SurvivingLog.records(r, "y".repeat(20000) + "LAST\n", 0);
        assertThat(cut).hasSize(3);
        assertThat(new String(cut.getLast().data(), StandardCharsets.US_ASCII)).endsWith("yLAST\n");
    }

    @Test
    void theSessionHasTheKernelsMessagesThenLobossLines() {
        assertThat(SurvivingLog.session(new RecordingKernel(dir), List.of("lobos: booting probe"))).isEqualTo("""
                lobos: loader session: kernel messages
                [    0.000000] Linux version 6.1.0-test
                lobos: loader session: lobos
                lobos: booting probe
                """);
    }

    @Test
    void previousListsDmesgRecordsInOrderThenPmsgAndConsole() throws Exception {
        Path pstore = Files.createDirectories(dir.resolve("sys/fs/pstore"));
        Files.writeString(pstore.resolve("console-ramoops-0"), "kernel");
        Files.writeString(pstore.resolve("pmsg-ramoops-0"), "lobos");
        Files.writeString(pstore.resolve("dmesg-ramoops-10"), "later");
        Files.writeString(pstore.resolve("dmesg-ramoops-2"), "earlier");
        Files.writeString(pstore.resolve("dmesg-efi-1"), "odd");
        Path archived = Files.createDirectories(dir.resolve("var/lib/systemd/pstore/1700000000"));
        Files.writeString(archived.resolve("dmesg-ramoops-0"), "older");
        assertThat(new SurvivingLog(dir).previous()).containsExactly(pstore.resolve("dmesg-efi-1"),
                pstore.resolve("dmesg-ramoops-2"), pstore.resolve("dmesg-ramoops-10"), pstore.resolve("pmsg-ramoops-0"),
                pstore.resolve("console-ramoops-0"), archived.resolve("dmesg-ramoops-0"));
    }

    @Test
    void theSessionLogRecordsWhatIsPrintedLineByLine() {
        SessionLog.clear();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream tee = SessionLog.tee(new PrintStream(out, true, StandardCharsets.UTF_8));
        tee.println("lobos: one");
        tee.print("lobos: tw");
        tee.print("o\r\nhalf");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("lobos: one\nlobos: two\r\nhalf");
        assertThat(SessionLog.lines()).containsExactly("lobos: one", "lobos: two");
        for (int i = 0; i < 100_000; i++) SessionLog.record("0123456789");
        assertThat(SessionLog.lines().size()).isLessThanOrEqualTo(SessionLog.MAX_CHARS / 11 + 1);
        assertThat(SessionLog.lines().getLast()).isEqualTo("0123456789");
        SessionLog.clear();
    }
}
