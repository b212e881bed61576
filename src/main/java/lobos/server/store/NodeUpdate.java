package lobos.server.store;

/** What an event says about a node: the fields it knows (null keeps what the inventory has). */
public record NodeUpdate(String mac, String uuid, String name, String ip, String hostname, String arch, String version,
        String state) {
    public static NodeUpdate of(String mac, String state) {
        return new NodeUpdate(mac, null, null, null, null, null, null, state);
    }
}
