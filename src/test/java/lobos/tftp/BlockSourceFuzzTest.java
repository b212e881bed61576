package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import lobos.tftp.TftpPacket.Mode;

class BlockSourceFuzzTest {
    /**
     * Netascii made while sending, read in windows of blocks with resends from any acknowledged
     * block, always gives the bytes of the whole-array encoder at every offset.
     */
    @FuzzTest(maxDuration = "60s")
    void netasciiBlocksMatchTheWholeEncoding(FuzzedDataProvider input) throws Exception {
        int blockSize = input.consumeInt(1, 64);
        byte[] text = input.consumeBytes(4096);
        byte[] expected = Netascii.encode(text);
        try (var source = BlockSource.open(TftpContent.of(text), Mode.NETASCII)) {
            assertThat(source.size()).isEqualTo(expected.length);
            long blocks = expected.length / blockSize + 1;
            long base = 0;
            while (base < blocks && input.remainingBytes() > 0) {
                long end = Math.min(base + input.consumeInt(1, 8), blocks);
                for (long b = base; b < end; b++) {
                    var buffer = ByteBuffer.allocate(blockSize);
                    source.read(b * blockSize, buffer);
                    int from = (int) (b * blockSize);
                    assertThat(Arrays.copyOf(buffer.array(), buffer.position()))
                            .isEqualTo(Arrays.copyOfRange(expected, from, Math.min(expected.length, from + blockSize)));
                }
                base += input.consumeInt(0, (int) (end - base));
                source.acknowledged(base * blockSize);
            }
        }
    }
}
