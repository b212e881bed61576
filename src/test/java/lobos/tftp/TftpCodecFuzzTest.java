package lobos.tftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

class TftpCodecFuzzTest {
    /** Any datagram decodes to a packet or a TftpProtocolException; a packet re-encodes to one that decodes equal. */
    @FuzzTest(maxDuration = "60s")
    void decode(byte[] datagram) {
        TftpPacket packet;
        try {
            packet = TftpCodec.decode(datagram);
        } catch (TftpProtocolException e) {
            return;
        }
        assertThat(TftpCodec.decode(TftpCodec.encode(packet))).isEqualTo(packet);
    }
}
