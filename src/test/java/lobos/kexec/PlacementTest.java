package lobos.kexec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import lobos.linux.KexecSegment;
import org.junit.jupiter.api.Test;

class PlacementTest {
    private static final List<MemoryMap.Range> RAM = List.of(new MemoryMap.Range(0x1000, 0x9f000),
            new MemoryMap.Range(0x100000, 0x40000000));

    @Test
    void chunksSharingAPageBecomeOneSegmentWithTheirBytesInPlace() {
        Placement p = new Placement(RAM);
        p.fixed("kernel", List.of(new Placement.Chunk(0x200010, new byte[] {1, 2}, 0x10),
                new Placement.Chunk(0x200800, new byte[] {3}, 0x900),
                new Placement.Chunk(0x300000, new byte[] {4}, 1)));
        List<KexecSegment> s = p.segments();
        assertThat(s).hasSize(2);
        assertThat(s.get(0).address()).isEqualTo(0x200000);
        assertThat(s.get(0).memorySize()).isEqualTo(0x2000);   // 0x200800 + 0x900 reaches into the second page
        byte[] first = s.get(0).bytes();
        assertThat(first).hasSize(0x801);
        assertThat(first[0x10]).isEqualTo((byte) 1);
        assertThat(first[0x11]).isEqualTo((byte) 2);
        assertThat(first[0x800]).isEqualTo((byte) 3);
        assertThat(s.get(1).address()).isEqualTo(0x300000);
        assertThat(s.get(1).memorySize()).isEqualTo(0x1000);
    }

    @Test
    void overlappingChunksPiecesOutsideRamAndCollisionsAreRefused() {
        assertThatThrownBy(() -> new Placement(RAM).fixed("kernel", List.of(new Placement.Chunk(0x200000, new byte[0], 0x100),
                new Placement.Chunk(0x2000ff, new byte[0], 0x10)))).hasMessageContaining("overlap");
        assertThatThrownBy(() -> new Placement(RAM).fixed("kernel", List.of(new Placement.Chunk(0xa0000, new byte[0], 0x100))))
                .hasMessageContaining("not in RAM").hasMessageContaining("0xa0000-0xa0fff");
        assertThatThrownBy(() -> new Placement(RAM).fixed("kernel", List.of(new Placement.Chunk(0x3ffff000, new byte[0], 0x2000))))
                .hasMessageContaining("not in RAM");
        Placement p = new Placement(RAM);
        p.fixed("kernel", List.of(new Placement.Chunk(0x200000, new byte[0], 0x1000)));
        assertThatThrownBy(() -> p.fixed("module", List.of(new Placement.Chunk(0x200fff, new byte[0], 1))))
                .hasMessageContaining("the module at 0x200000-0x200fff overlaps the kernel at 0x200000-0x200fff");
    }

    @Test
    void placesHighOrLowAlignedAroundWhatIsTaken() {
        Placement p = new Placement(RAM);
        p.fixed("kernel", List.of(new Placement.Chunk(0x1000000, new byte[0], 0x1000000)));
        assertThat(p.place("low", new byte[10], 10, 0x1000, 0x100000, 1L << 32, false)).isEqualTo(0x100000);
        assertThat(p.place("low2", new byte[10], 0x2000, 0x200000, 0x100000, 1L << 32, false)).isEqualTo(0x200000);
        assertThat(p.place("high", new byte[10], 0x1800, 0x1000, 0x100000, 1L << 32, true)).isEqualTo(0x3fffe000);
        assertThat(p.place("capped", new byte[10], 0x1000, 0x1000, 0x100000, 0x1800000, true)).isEqualTo(0xfff000);
        assertThat(p.place("skips the kernel", new byte[0], 0x1000, 0x1000, 0x1000000, 1L << 32, false))
                .isEqualTo(0x2000000);
        assertThatThrownBy(() -> p.place("huge", new byte[0], 0x40000000, 0x1000, 0, 1L << 32, true))
                .hasMessageContaining("no room for the huge (1048576 KiB)");
        assertThat(p.pieces()).extracting(Placement.Piece::what)
                .containsExactly("low", "low2", "capped", "kernel", "skips the kernel", "high");
    }

    @Test
    void moreThanSixteenSegmentsAreRefused() {
        Placement p = new Placement(RAM);
        List<Placement.Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < 17; i++) chunks.add(new Placement.Chunk(0x200000 + i * 0x2000L, new byte[0], 0x1000));
        p.fixed("elf", chunks);
        assertThatThrownBy(p::segments).hasMessageContaining("17 segments").hasMessageContaining("at most 16");
    }
}
