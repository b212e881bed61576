package lobos.fetch;

import java.util.List;

/** Every network protocol lobos fetches with. A new one is one more line here. */
public final class Protocols {
    private Protocols() {}

    public static List<RemoteFetcher> all() {
        return List.of(
                new HttpFetcher(),
                new FtpFetcher(),
                new SftpFetcher(),
                new TftpFetcher());
    }
}
