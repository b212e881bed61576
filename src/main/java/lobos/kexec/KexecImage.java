package lobos.kexec;

import java.util.List;
import lobos.linux.KexecSegment;

/**
 * A kernel laid out for kexec_load: where execution starts and what goes where.
 *
 * @param entry  the physical address relocate_kernel jumps to (lobos's entry code)
 * @param pieces what each segment holds, for the log and dry runs
 */
record KexecImage(long entry, List<Placement.Piece> pieces, List<KexecSegment> segments) {
    KexecImage {
        pieces = List.copyOf(pieces);
        segments = List.copyOf(segments);
    }

    static KexecImage of(long entry, Placement placement) {
        return new KexecImage(entry, placement.pieces(), placement.segments());
    }

    /** One line per piece: "kernel 0x1000000-0x2ffffff", then the entry. */
    List<String> describe() {
        List<String> out = new java.util.ArrayList<>(pieces.stream().map(Placement.Piece::toString).toList());
        out.add("entry 0x%x".formatted(entry));
        return out;
    }
}
