package lobos.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferTest {
    /** A source of {@code reads} reads of 100 bytes each, then a failure or the end. */
    private static Transfer.Source pieces(int reads, IOException failure) {
        int[] done = {0};
        return into -> {
            if (done[0] == reads) {
                if (failure != null) throw failure;
                return -1;
            }
            for (int i = 0; i < 100; i++) into.put((byte) done[0]);
            done[0]++;
            return 100;
        };
    }

    @Test
    void smallReadsAreGatheredIntoLargerPieces() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        List<Integer> sizes = new ArrayList<>();
        int[] touches = {0};
        long bytes = Transfer.pump(pieces(50, null), piece -> {
            sizes.add(piece.remaining());
            Channels.newChannel(got).write(piece);
        }, () -> touches[0]++, (e, n) -> new FetchException("unexpected", null, false));
        assertThat(bytes).isEqualTo(5000);
        assertThat(got.toByteArray()).hasSize(5000).startsWith(new byte[100]).endsWith((byte) 49);
        assertThat(sizes.size()).as("pieces written, for 50 reads").isLessThan(50);
        assertThat(touches[0]).as("each read touched the idle timer").isGreaterThanOrEqualTo(50);
    }

    @Test
    void whatCameBeforeAFailedReadIsWrittenFirst() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Transfer.pump(pieces(7, new IOException("reset")), piece -> Channels.newChannel(got).write(piece),
                () -> {}, (e, n) -> new FetchException(e.getMessage() + " after " + n + " bytes", null, true)))
                .isInstanceOf(FetchException.class).hasMessage("reset after 700 bytes");
        assertThat(got.size()).as("kept for the resume").isEqualTo(700);
    }

    @Test
    void aStreamIsASource() throws IOException {
        byte[] data = new byte[200_000];
        new java.util.Random(1).nextBytes(data);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Transfer.pump(Transfer.source(new java.io.ByteArrayInputStream(data)), piece -> Channels.newChannel(got).write(piece),
                () -> {}, (e, n) -> new FetchException("unexpected", null, false));
        assertThat(got.toByteArray()).isEqualTo(data);
    }
}
