package lobos.netboot;

import java.time.Duration;
import java.util.ArrayDeque;

/** The answers of a server in memory ({@link MemoryDhcpServer}, {@link MemoryDhcp6Server}), received in order. */
abstract class MemoryAnswers {
    final ArrayDeque<byte[]> answers = new ArrayDeque<>();

    public byte[] receive(Duration timeout) throws InterruptedException {
        byte[] b = answers.poll();
        if (b == null) Thread.sleep(timeout); // nothing more is coming: do not spin
        return b;
    }

    public void close() {}
}
