package lobos.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Any datagram: an event, an ignored udev message or a UeventException; an event survives writing and reading. */
class UeventFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void parse(byte[] message) {
        if (message == null) return;
        try {
            Uevent.parse(message).ifPresent(e -> {
                assertThat(Uevent.parse(e.bytes())).contains(e);
                assertThat(e.devpath()).startsWith("/");
                // Joined to /sys and /dev, they stay below them (no Path: the host's file name encoding may be ASCII).
                assertThat(e.devpath().substring(1).split("/", -1)).doesNotContain("", ".", "..");
                if (e.devname() != null) assertThat(e.devname().split("/", -1)).doesNotContain("", ".", "..");
                e.seqnum();
                e.kernelName();
            });
        } catch (UeventException expected) {
            // bad input, reported as such
        }
    }
}
